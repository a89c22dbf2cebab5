using System;
using SinchBatch.Client;

namespace SinchBatch.Sending;

/// <summary>
/// How one batch's sending ended: accepted, or failed with the exception that says why and the rows it held.
/// It keeps what it needs of the batch, so the batch itself is reused as soon as its outcome is taken.
/// </summary>
internal sealed class BatchOutcome
{
    public BatchOutcome(Batch batch, BatchAccepted? accepted, Exception? error)
    {
        Number = batch.Number;
        RecipientCount = batch.Count;
        RequestId = batch.RequestId;
        Accepted = accepted;
        Error = error;
        Rows = accepted is null ? batch.Rows.ToArray() : Array.Empty<object?>();
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
