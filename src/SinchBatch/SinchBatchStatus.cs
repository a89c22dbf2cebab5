using System;
using System.Collections.Generic;
using SinchBatch.Batches;

namespace SinchBatch;

/// <summary>A batch's status: what Get-SinchBatchStatus writes, and Stop-SinchBatch with -PassThru.</summary>
public sealed class SinchBatchStatus
{
    public string BatchId { get; internal set; } = "";

    public SinchBatchState Status { get; internal set; }

    /// <summary>When the batch is or was to be sent (UTC).</summary>
    public DateTime? SendAfter { get; internal set; }

    /// <summary>SendAfter in this computer's time zone.</summary>
    public DateTime? SendAfterLocal => SendAfter?.ToLocalTime();

    private MetadataDictionary _metadata = MetadataDictionary.Empty;

    /// <summary>The batch metadata; its text (what Export-Csv writes) is "key=value; ..." in key order.</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        internal set => _metadata = value as MetadataDictionary ?? new MetadataDictionary(value);
    }

    public string ProjectId { get; internal set; } = "";

    /// <summary>Where the batch lives, so Stop-SinchBatch and Get-SinchBatchStatus find it there.</summary>
    public SinchEndpoint Endpoint { get; internal set; } = null!;

    /// <summary>The campaign Send-SinchBatch -CampaignId sent the batch under (from its metadata); null for none.</summary>
    public string? CampaignId => Metadata.TryGetValue(MetadataKeys.Campaign, out string? id) ? id : null;

    /// <summary>Processed or Cancelled: the status will not change again.</summary>
    public bool IsFinal => Status is SinchBatchState.Processed or SinchBatchState.Cancelled;
}
