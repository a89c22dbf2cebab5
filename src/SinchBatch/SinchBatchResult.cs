using System;
using System.Collections.Generic;

namespace SinchBatch;

/// <summary>One batch that Sinch accepted: what Send-SinchBatch writes for each request.</summary>
public sealed class SinchBatchResult
{
    public string BatchId { get; internal set; } = "";

    /// <summary>When Sinch will send the batch (UTC), as Sinch answered it after rounding.</summary>
    public DateTime? SendAfter { get; internal set; }

    /// <summary>SendAfter in this computer's time zone.</summary>
    public DateTime? SendAfterLocal => SendAfter?.ToLocalTime();

    public int RecipientCount { get; internal set; }

    /// <summary>1 for the first batch of this Send-SinchBatch call (and of its campaign), 2 for the next, and so on.</summary>
    public int BatchNumber { get; internal set; }

    public string ProjectId { get; internal set; } = "";

    /// <summary>Where the batch was sent, so Get-SinchBatchStatus and Stop-SinchBatch find it there.</summary>
    public SinchEndpoint Endpoint { get; internal set; } = null!;

    /// <summary>Names the request in the batch's metadata (sinchbatch_request_id), for looking it up.</summary>
    public string RequestId { get; internal set; } = "";

    public string AppId { get; internal set; } = "";

    private MetadataDictionary _metadata = MetadataDictionary.Empty;

    /// <summary>The batch metadata; its text (what Export-Csv writes) is "key=value; ..." in key order.</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        internal set => _metadata = value as MetadataDictionary ?? new MetadataDictionary(value);
    }

    /// <summary>The -CampaignId the batch was sent under; null without one.</summary>
    public string? CampaignId { get; internal set; }

    /// <summary>An earlier run of the campaign got this batch accepted, so this run did not send it again.</summary>
    public bool AlreadySent { get; internal set; }
}
