using System.Management.Automation;
using System.Threading.Tasks;
using SinchBatch.Client;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// Cancels scheduled batches. Sinch accepts a cancellation at once and carries it out later, and
/// answers 200 even for a batch that can no longer be cancelled, so the status is read first (or taken
/// from the list by metadata) and what cannot be cancelled is said as a warning; -Wait checks that the
/// cancellation took effect. Each batch writes in its turn, so output follows the input's order.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "SinchBatch", DefaultParameterSetName = ById, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SinchBatchStatus))]
public sealed class StopSinchBatchCommand : BatchStatusCmdlet
{
    /// <summary>Write each batch's status, read back after the cancellation (with -Wait, once it is final).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A batch being cancelled changes before its SendAfter.</summary>
    internal override bool WaitsUntilDue => false;

    internal override void Handle(SinchClient client, SinchBatchStatus status)
    {
        switch (status.Status)
        {
            case SinchBatchState.Cancelled:
                InTurn(() =>
                {
                    WriteVerbose($"Batch {status.BatchId} is already cancelled.");
                    PassOn(status);
                });
                return;
            case SinchBatchState.Processed:
                InTurn(() =>
                {
                    WriteWarning($"Batch {status.BatchId} cannot be cancelled: it was sent{At(status)} (Processed).");
                    PassOn(status);
                });
                return;
            case SinchBatchState.Ready:
                InTurn(() =>
                {
                    WriteWarning($"Batch {status.BatchId} cannot be cancelled: it was sent at once, without -SendAfter, and only scheduled batches can be.");
                    PassOn(status);
                });
                return;
        }

        string scheduled = status.SendAfter is { } at ? ", scheduled for " + ScheduleWindow.Format(at) : "";
        if (!ShouldProcess($"batch {status.BatchId} in project {status.ProjectId}{scheduled}", "Cancel"))
        {
            return;
        }

        Start(() => CancelAsync(client, status), status.BatchId, after =>
        {
            if (Wait)
            {
                WaitFor(status);
            }
            else if (PassThru)
            {
                WriteObject(after);
            }
        });
    }

    /// <summary>In its turn, as the batches before it may still wait for their cancellation.</summary>
    internal override void Unreadable(string id, SinchBatchException error) => InTurn(() => base.Unreadable(id, error));

    internal override void Finished(SinchBatchStatus status)
    {
        if (status.Status == SinchBatchState.Processed)
        {
            WriteError(ErrorFor(
                new SinchBatchException("SinchBatch.CancelTooLate", SinchErrorCategory.InvalidOperation, $"Batch {status.BatchId} was sent{At(status)} before the cancellation took effect."),
                status));
        }

        if (PassThru)
        {
            WriteObject(status);
        }
    }

    /// <summary>Asks Sinch to cancel the batch; with -PassThru and no -Wait, reads it back.</summary>
    private async Task<SinchBatchStatus> CancelAsync(SinchClient client, SinchBatchStatus status)
    {
        await client.CancelAsync(status.BatchId, StopToken).ConfigureAwait(false);
        if (Wait || !PassThru)
        {
            return status;
        }

        // Sinch cancels asynchronously: a batch still Scheduled right after the request is one waiting for it.
        SinchBatchStatus after = await client.GetStatusAsync(status.BatchId, StopToken).ConfigureAwait(false);
        if (after.Status == SinchBatchState.Scheduled)
        {
            after.Status = SinchBatchState.CancelRequested;
        }

        return after;
    }

    private void PassOn(SinchBatchStatus status)
    {
        if (PassThru)
        {
            WriteObject(status);
        }
    }

    private static string At(SinchBatchStatus status) =>
        status.SendAfter is { } at ? " at " + ScheduleWindow.Format(at) : "";
}
