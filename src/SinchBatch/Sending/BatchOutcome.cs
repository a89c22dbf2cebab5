using System;
using SinchBatch.Checking;
using SinchBatch.Client;

namespace SinchBatch.Sending;

/// <summary>
/// How one batch's sending ended: accepted, or failed with the exception that says why and the rows it held.
/// It keeps what it needs of the batch; a failed batch's rows are read back from the spool.
/// </summary>
internal sealed class BatchOutcome
{
    public BatchOutcome(SpooledBatch batch, BatchAccepted? accepted, Exception? error, object?[] rows)
    {
        Number = batch.Number;
        // An earlier run's batch went with the recipients it held then; the opt-out list may have grown since.
        RecipientCount = accepted?.RecipientCount ?? batch.Count;
        RequestId = batch.RequestId;
        Accepted = accepted;
        Error = error;
        Rows = rows;
    }

    public int Number { get; }

    public int RecipientCount { get; }

    public string? RequestId { get; }

    public BatchAccepted? Accepted { get; }

    public Exception? Error { get; }

    /// <summary>A failed batch's rows, in input order, so `$err.TargetObject | Send-SinchBatch` sends exactly them; none once accepted.</summary>
    public object?[] Rows { get; }

    /// <summary>
    /// Failed, but Sinch may have acted: an ambiguous answer, or a request cancelled in flight. Only the other
    /// failures, where Sinch surely did not act, may be sent again as they are.
    /// </summary>
    public bool MayHaveBeenAccepted => Accepted is null && Error is not SinchBatchException { ErrorId: not SinchBatchException.OutcomeUnknown };
}
