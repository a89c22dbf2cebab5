namespace SinchBatch.Emulator;

/// <summary>Draws the fault for each request, and counts what was injected.</summary>
public sealed class FaultPlan
{
    private readonly object _lock = new();
    private volatile FaultOptions _options;
    private Random _random;
    private readonly long[] _counts = new long[Enum.GetValues<Fault>().Length];
    private long _recorded;

    public FaultPlan(FaultOptions options)
    {
        _options = options;
        _random = options.Seed == 0 ? new Random() : new Random(options.Seed);
    }

    /// <summary>The fault for the next request; the bad answers only hit a send, and become None for anything else.</summary>
    public Fault Next(bool send)
    {
        // One read, so a Replace meanwhile cannot mix two sets of fractions in one draw.
        FaultOptions options = _options;
        double roll = Roll();
        Fault fault = Fault.None;
        foreach (var (kind, share) in new[]
        {
            (Fault.RateLimited, options.RateLimited), (Fault.RateLimitedBare, options.RateLimitedBare), (Fault.Unavailable, options.Unavailable),
            (Fault.InternalError, options.InternalError), (Fault.Dropped, options.Dropped),
            (Fault.HtmlAnswer, options.HtmlAnswer), (Fault.EmptyAnswer, options.EmptyAnswer), (Fault.NoBatchIdAnswer, options.NoBatchIdAnswer),
        })
        {
            if (roll < share)
            {
                fault = kind;
                break;
            }

            roll -= share;
        }

        if (!send && fault is Fault.HtmlAnswer or Fault.EmptyAnswer or Fault.NoBatchIdAnswer)
        {
            fault = Fault.None;
        }

        Interlocked.Increment(ref _counts[(int)fault]);
        return fault;
    }

    /// <summary>Whether a batch hit by a 500 or a dropped connection is recorded anyway: about half are.</summary>
    public bool RecordAnyway()
    {
        bool record = Roll() < 0.5;
        if (record)
        {
            Interlocked.Increment(ref _recorded);
        }

        return record;
    }

    public object Counts() => new
    {
        rate_limited = Interlocked.Read(ref _counts[(int)Fault.RateLimited]) + Interlocked.Read(ref _counts[(int)Fault.RateLimitedBare]),
        unavailable = Interlocked.Read(ref _counts[(int)Fault.Unavailable]),
        internal_error = Interlocked.Read(ref _counts[(int)Fault.InternalError]),
        dropped = Interlocked.Read(ref _counts[(int)Fault.Dropped]),
        bad_answer = Interlocked.Read(ref _counts[(int)Fault.HtmlAnswer]) + Interlocked.Read(ref _counts[(int)Fault.EmptyAnswer])
            + Interlocked.Read(ref _counts[(int)Fault.NoBatchIdAnswer]),
        recorded_despite_fault = Interlocked.Read(ref _recorded),
    };

    /// <summary>New fractions at run time, so a test can run a send with faults and again without; a Seed restarts the sequence.</summary>
    public void Replace(FaultOptions options)
    {
        lock (_lock)
        {
            if (options.Seed != 0)
            {
                _random = new Random(options.Seed);
            }

            _options = options;
        }
    }

    /// <summary>Zeroes the counts; the fractions stay as they are.</summary>
    public void Reset()
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }

        Interlocked.Exchange(ref _recorded, 0);
    }

    private double Roll()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }
}
