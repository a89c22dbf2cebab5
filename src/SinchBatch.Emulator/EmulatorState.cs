using System.Collections.Concurrent;

namespace SinchBatch.Emulator;

/// <summary>A batch the emulator accepted, with the request exactly as it arrived.</summary>
public sealed record AcceptedBatch(string BatchId, string ProjectId, DateTime SendAfter, DateTime ReceivedAt, int RecipientCount, byte[]? Body);

/// <summary>Everything the emulator remembers: tokens it issued, batches it accepted, and counters for tests.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, DateTime> _tokens = new();
    private ConcurrentQueue<AcceptedBatch> _batches = new();
    private long _requests;
    private long _tokenRequests;
    private long _batchRequests;
    private int _inFlight;
    private int _maxInFlight;

    public EmulatorState(EmulatorOptions options) => Options = options;

    public EmulatorOptions Options { get; }

    public IEnumerable<AcceptedBatch> Batches => _batches;

    /// <summary>Counts a request as it arrives, before any latency or check.</summary>
    public void RequestStarted(HttpRequest request)
    {
        Interlocked.Increment(ref _requests);
        if (request.Path.StartsWithSegments("/oauth2"))
        {
            Interlocked.Increment(ref _tokenRequests);
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/messages", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _batchRequests);
        }

        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
    }

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    public string IssueToken()
    {
        string token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTime.UtcNow.AddSeconds(Options.TokenLifetimeSeconds);
        return token;
    }

    public bool IsValidToken(string token) => _tokens.TryGetValue(token, out DateTime expires) && DateTime.UtcNow < expires;

    public void Accept(AcceptedBatch batch) => _batches.Enqueue(batch);

    public object Stats()
    {
        AcceptedBatch[] batches = _batches.ToArray();
        return new
        {
            requests = Interlocked.Read(ref _requests),
            token_requests = Interlocked.Read(ref _tokenRequests),
            batch_requests = Interlocked.Read(ref _batchRequests),
            accepted_batches = batches.Length,
            accepted_recipients = batches.Sum(b => (long)b.RecipientCount),
            max_in_flight = Volatile.Read(ref _maxInFlight),
        };
    }

    /// <summary>Forgets batches and counters; issued tokens stay valid, as they would at Sinch.</summary>
    public void Reset()
    {
        _batches = new ConcurrentQueue<AcceptedBatch>();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _tokenRequests, 0);
        Interlocked.Exchange(ref _batchRequests, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
    }
}
