namespace SinchBatch.Emulator;

/// <summary>Fractions of /v1 requests to answer badly, from --Emulator:Faults:Name=0.2; all zero by default.</summary>
public sealed class FaultOptions
{
    /// <summary>429 with Retry-After: 1.</summary>
    public double RateLimited { get; set; }

    /// <summary>429 without Retry-After.</summary>
    public double RateLimitedBare { get; set; }

    /// <summary>503, before the request is looked at: the service surely did not act.</summary>
    public double Unavailable { get; set; }

    /// <summary>500 after the body is read; a batch is recorded in about half of these.</summary>
    public double InternalError { get; set; }

    /// <summary>The connection is dropped after the body is read; a batch is recorded in about half of these.</summary>
    public double Dropped { get; set; }

    /// <summary>Makes the faults repeatable; 0 for a new sequence each run.</summary>
    public int Seed { get; set; }
}

public enum Fault
{
    None,
    RateLimited,
    RateLimitedBare,
    Unavailable,
    InternalError,
    Dropped,
}

/// <summary>Draws the fault for each request, and counts what was injected.</summary>
public sealed class FaultPlan
{
    private readonly FaultOptions _options;
    private readonly Random _random;
    private readonly long[] _counts = new long[Enum.GetValues<Fault>().Length];
    private long _recorded;

    public FaultPlan(FaultOptions options)
    {
        _options = options;
        _random = options.Seed == 0 ? new Random() : new Random(options.Seed);
    }

    public Fault Next()
    {
        double roll = Roll();
        Fault fault = Fault.None;
        foreach (var (kind, share) in new[]
        {
            (Fault.RateLimited, _options.RateLimited), (Fault.RateLimitedBare, _options.RateLimitedBare), (Fault.Unavailable, _options.Unavailable),
            (Fault.InternalError, _options.InternalError), (Fault.Dropped, _options.Dropped),
        })
        {
            if (roll < share)
            {
                fault = kind;
                break;
            }

            roll -= share;
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
        recorded_despite_fault = Interlocked.Read(ref _recorded),
    };

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
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
