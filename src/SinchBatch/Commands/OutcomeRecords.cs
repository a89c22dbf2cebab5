using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SinchBatch.Client;
using SinchBatch.Connection;
using SinchBatch.Sending;
using SinchBatch.Batches;
using SinchBatch.Checking;

namespace SinchBatch.Commands;

/// <summary>What Send-SinchBatch writes for a batch's outcome: a SinchBatchResult, or an error whose target is the batch's rows.</summary>
internal sealed class OutcomeRecords
{
    private readonly BatchTemplate _template;
    private readonly ConnectionSettings _connection;
    private readonly MetadataDictionary _metadata;

    public OutcomeRecords(BatchTemplate template, ConnectionSettings connection)
    {
        _template = template;
        _connection = connection;
        _metadata = new MetadataDictionary(InvariantText.Pairs(template.BatchMetadata));
    }

    public SinchBatchResult Result(BatchAccepted accepted, BatchOutcome outcome) => new()
    {
        BatchId = accepted.BatchId,
        SendAfter = accepted.SendAfter,
        RecipientCount = outcome.RecipientCount,
        BatchNumber = outcome.Number,
        ProjectId = _connection.ProjectId,
        Endpoint = _connection.Endpoint,
        RequestId = accepted.RequestId ?? outcome.RequestId ?? "",
        AppId = _template.AppId,
        Metadata = _metadata,
        CampaignId = _template.CampaignId,
        AlreadySent = accepted.AlreadySent,
    };

    /// <summary>
    /// The batch's rows are the target, so `$err.TargetObject | Send-SinchBatch ...` sends exactly them; but
    /// only a failure where Sinch surely did not act says so. Any other says how to find out first.
    /// </summary>
    public ErrorRecord Error(BatchOutcome outcome)
    {
        SinchBatchException error = SinchBatchException.OfBatch(outcome.Error!, outcome.Number);
        string batch = $"Batch {outcome.Number} ({Counted.Of(outcome.RecipientCount, "recipient", "recipients")})";
        string rerun = _template.CampaignId is not { } campaign ? "" : $" Or run the same command again with -CampaignId '{campaign}': it sends the batch only if no earlier run got it accepted.";
        ErrorRecord record = SinchCmdlet.ErrorFor(error, outcome.Rows, $"batch {outcome.Number}");
        record.ErrorDetails = new ErrorDetails(
            outcome.MayHaveBeenAccepted
                ? $"{batch} may or may not have been accepted: {error.Message} To find out, run {RequestIds.LookUp(outcome.RequestId!)}; "
                    + "if it lists nothing, pipe this error's TargetObject (its rows) to Send-SinchBatch to send them." + rerun
                : $"{batch} was not sent: {error.Message} Its rows are this error's TargetObject; pipe them to Send-SinchBatch to send them again." + rerun);
        return record;
    }
}
