using System;

namespace SinchBatch.Client;

/// <summary>What Sinch answered to a batch request, or what an earlier run of the campaign got accepted.</summary>
internal sealed class BatchAccepted
{
    public BatchAccepted(string batchId, DateTime? sendAfter, string? requestId = null, bool alreadySent = false, int? recipientCount = null)
    {
        RecipientCount = recipientCount;
        BatchId = batchId;
        SendAfter = sendAfter;
        RequestId = requestId;
        AlreadySent = alreadySent;
    }

    public string BatchId { get; }

    public DateTime? SendAfter { get; }

    /// <summary>The request ID an earlier run sent it under; null for this run's own requests.</summary>
    public string? RequestId { get; }

    /// <summary>The recipients an earlier run's batch held, from its metadata; null for this run's own, and for batches of versions that did not write it.</summary>
    public int? RecipientCount { get; }

    /// <summary>Accepted in an earlier run of the campaign, so not sent again.</summary>
    public bool AlreadySent { get; }
}
