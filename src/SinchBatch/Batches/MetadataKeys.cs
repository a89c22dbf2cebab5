namespace SinchBatch.Batches;

/// <summary>
/// The keys SinchBatch writes into each batch's batch_metadata, and reads back from a campaign's listing: the one
/// place the wire's own names live, so the code that writes a batch and the code that reads a campaign agree.
/// </summary>
internal static class MetadataKeys
{
    /// <summary>What every key SinchBatch writes starts with, so a batch's own metadata can be told from the user's.</summary>
    public const string Prefix = "sinchbatch_";

    /// <summary>The -CampaignId a batch was sent under.</summary>
    public const string Campaign = "sinchbatch_campaign";

    /// <summary>The batch's number within its campaign (1, 2, ...).</summary>
    public const string BatchNumber = "sinchbatch_batch";

    /// <summary>The digest of the batch's recipient entries and message (BatchDigest), which a re-run compares.</summary>
    public const string Digest = "sinchbatch_digest";

    /// <summary>
    /// How many recipients the batch's body holds: its rows less those -ExcludeRecipient left out. A re-run reports an
    /// earlier run's batch by it, as its opt-out list may have grown since.
    /// </summary>
    public const string RecipientCount = "sinchbatch_recipients";

    /// <summary>The name of the request that created the batch (RequestIds), the same in every retry.</summary>
    public const string RequestId = "sinchbatch_request_id";
}
