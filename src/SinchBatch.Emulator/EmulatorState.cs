using System.Collections.Concurrent;

namespace SinchBatch.Emulator;

/// <summary>Everything the emulator remembers: tokens it issued, batches it accepted, and counters for tests.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, DateTime> _tokens = new();
    private ConcurrentQueue<AcceptedBatch> _batches = new();
    private ConcurrentDictionary<string, AcceptedBatch> _byId = new();
    private long _clockOffsetTicks;
    private long _requests;
    private long _tokenRequests;
    private long _batchRequests;
    private long _cancelRequests;
    private long _statusRequests;
    private long _sunkBatches;
    private long _sunkRecipients;
    private int _inFlight;
    private int _maxInFlight;
    private int _statedTokenLifetime = -1;   // below 0: not set, the tokens state TokenLifetimeSeconds

    // Completed and replaced at every change of a counter, so a test's wait wakes on the change instead of polling.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Faults = new FaultPlan(options.Faults);
    }

    public EmulatorOptions Options { get; }

    public FaultPlan Faults { get; }

    public IEnumerable<AcceptedBatch> Batches => _batches;

    /// <summary>The emulator's clock: real time, moved forward by tests through /_emulator/clock.</summary>
    public DateTime Now => DateTime.UtcNow.AddTicks(Interlocked.Read(ref _clockOffsetTicks));

    public void MoveClock(TimeSpan by) => Interlocked.Add(ref _clockOffsetTicks, by.Ticks);

    public string StatusOf(AcceptedBatch batch) =>
        batch.StatusAt(Now, TimeSpan.FromSeconds(Options.ProcessingSeconds));

    public AcceptedBatch? Find(string projectId, string batchId) =>
        _byId.TryGetValue(batchId, out AcceptedBatch? batch) && batch.ProjectId == projectId ? batch : null;

    /// <summary>Counts a request as it arrives, before any latency or check.</summary>
    public void RequestStarted(HttpRequest request)
    {
        Interlocked.Increment(ref _requests);
        if (request.Path.StartsWithSegments("/oauth2"))
        {
            Interlocked.Increment(ref _tokenRequests);
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/v1"))
        {
            Interlocked.Increment(ref _batchRequests);
        }
        else if (HttpMethods.IsDelete(request.Method))
        {
            Interlocked.Increment(ref _cancelRequests);
        }
        else if (HttpMethods.IsGet(request.Method))
        {
            Interlocked.Increment(ref _statusRequests);
        }

        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        Changed();
    }

    public void RequestEnded()
    {
        Interlocked.Decrement(ref _inFlight);
        Changed();
    }

    public string IssueToken()
    {
        string token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTime.UtcNow.AddSeconds(Options.TokenLifetimeSeconds);
        return token;
    }

    /// <summary>The expires_in a new token states: TokenLifetimeSeconds unless a test set another through /_emulator/token-lifetime.</summary>
    public int StatedTokenLifetime => Volatile.Read(ref _statedTokenLifetime) is >= 0 and int stated ? stated : Options.TokenLifetimeSeconds;

    /// <summary>
    /// Makes new tokens state this expires_in, while the emulator still takes them for TokenLifetimeSeconds, as Sinch takes a
    /// token a client renews early: a token that states 0 is one the client's own clock already sees as lapsed. Null restores it.
    /// </summary>
    public void StateTokenLifetime(int? seconds) => Volatile.Write(ref _statedTokenLifetime, seconds ?? -1);

    /// <summary>Every token issued, so tests can look for them where they must not be.</summary>
    public IEnumerable<string> IssuedTokens => _tokens.Keys;

    /// <summary>Ends every token at once, as if they had expired early: the next request with one is answered 401.</summary>
    public void RevokeTokens()
    {
        foreach (string token in _tokens.Keys)
        {
            _tokens[token] = DateTime.MinValue;
        }
    }

    public bool IsValidToken(string token) => _tokens.TryGetValue(token, out DateTime expires) && DateTime.UtcNow < expires;

    public void Accept(AcceptedBatch batch)
    {
        _byId[batch.BatchId] = batch;
        _batches.Enqueue(batch);
        Changed();
    }

    /// <summary>Counts a batch that sink mode accepted without keeping it.</summary>
    public void Sunk(int recipients)
    {
        Interlocked.Increment(ref _sunkBatches);
        Interlocked.Add(ref _sunkRecipients, recipients);
        Changed();
    }

    /// <summary>The counters by the names Stats gives them; null for a name that is not one.</summary>
    public long? Count(string name) => name switch
    {
        "requests" => Interlocked.Read(ref _requests),
        "token_requests" => Interlocked.Read(ref _tokenRequests),
        "batch_requests" => Interlocked.Read(ref _batchRequests),
        "cancel_requests" => Interlocked.Read(ref _cancelRequests),
        "status_requests" => Interlocked.Read(ref _statusRequests),
        "accepted_batches" => _batches.Count + Interlocked.Read(ref _sunkBatches),
        "accepted_recipients" => _batches.Sum(b => (long)b.RecipientCount) + Interlocked.Read(ref _sunkRecipients),
        "in_flight" => Volatile.Read(ref _inFlight),
        "max_in_flight" => Volatile.Read(ref _maxInFlight),
        _ => null,
    };

    /// <summary>
    /// Waits until the condition holds, rechecking it at every change of a counter; false when it still does not at the
    /// time-out, or when the asker went away.
    /// </summary>
    public async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        while (true)
        {
            // Taken before the check: a change that comes after the check completes this task.
            Task changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return true;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }
    }

    public object Stats()
    {
        AcceptedBatch[] batches = _batches.ToArray();
        return new
        {
            requests = Interlocked.Read(ref _requests),
            token_requests = Interlocked.Read(ref _tokenRequests),
            batch_requests = Interlocked.Read(ref _batchRequests),
            cancel_requests = Interlocked.Read(ref _cancelRequests),
            status_requests = Interlocked.Read(ref _statusRequests),
            accepted_batches = batches.Length + Interlocked.Read(ref _sunkBatches),
            accepted_recipients = batches.Sum(b => (long)b.RecipientCount) + Interlocked.Read(ref _sunkRecipients),
            in_flight = Volatile.Read(ref _inFlight),
            max_in_flight = Volatile.Read(ref _maxInFlight),
            faults = Faults.Counts(),
        };
    }

    /// <summary>Forgets batches and counters, puts the clock right and tokens back to stating their lifetime; issued tokens stay valid, as they would at Sinch.</summary>
    public void Reset()
    {
        _batches = new ConcurrentQueue<AcceptedBatch>();
        _byId = new ConcurrentDictionary<string, AcceptedBatch>();
        Interlocked.Exchange(ref _clockOffsetTicks, 0);
        Interlocked.Exchange(ref _cancelRequests, 0);
        Interlocked.Exchange(ref _statusRequests, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _tokenRequests, 0);
        Interlocked.Exchange(ref _batchRequests, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
        Interlocked.Exchange(ref _sunkBatches, 0);
        Interlocked.Exchange(ref _sunkRecipients, 0);
        Volatile.Write(ref _statedTokenLifetime, -1);
        Faults.Reset();
        Changed();
    }

    private void Changed() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
