namespace SinchBatch.Emulator;

/// <summary>
/// A batch the emulator accepted, with the request exactly as it arrived, and its life cycle:
/// an immediate batch is READY, then PROCESSED once handled; a scheduled one is SCHEDULED until
/// its send_after, then PROCESSED, unless a cancel took effect before that: then CANCELLED.
/// </summary>
public sealed class AcceptedBatch
{
    private readonly object _gate = new();
    private DateTime? _cancelEffective;

    public AcceptedBatch(
        string batchId, string projectId, DateTime sendAfter, bool scheduled, DateTime receivedAt,
        IReadOnlyDictionary<string, string> metadata, int recipientCount, byte[]? body)
    {
        BatchId = batchId;
        ProjectId = projectId;
        SendAfter = sendAfter;
        Scheduled = scheduled;
        ReceivedAt = receivedAt;
        Metadata = metadata;
        RecipientCount = recipientCount;
        Body = body;
    }

    public string BatchId { get; }

    public string ProjectId { get; }

    public DateTime SendAfter { get; }

    /// <summary>Whether the request asked for a send_after; only such batches can be cancelled.</summary>
    public bool Scheduled { get; }

    public DateTime ReceivedAt { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public int RecipientCount { get; }

    public byte[]? Body { get; }

    /// <summary>Asks for cancellation; like Sinch, it takes effect a little later, and not at all once the batch went out.</summary>
    public void RequestCancel(DateTime now, TimeSpan delay)
    {
        lock (_gate)
        {
            if (Scheduled && now < SendAfter && _cancelEffective is null)
            {
                _cancelEffective = now + delay;
            }
        }
    }

    public string StatusAt(DateTime now, TimeSpan processing)
    {
        DateTime? cancelled;
        lock (_gate)
        {
            cancelled = _cancelEffective;
        }

        if (cancelled is { } at && at < SendAfter && now >= at)
        {
            return "CANCELLED";
        }

        if (Scheduled)
        {
            return now >= SendAfter ? "PROCESSED" : "SCHEDULED";
        }

        return now >= ReceivedAt + processing ? "PROCESSED" : "READY";
    }
}
