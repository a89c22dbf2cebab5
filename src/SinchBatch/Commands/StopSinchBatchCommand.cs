using System.Management.Automation;
using SinchBatch.Client;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// Cancels scheduled batches. Sinch accepts a cancellation at once and carries it out later, and
/// answers 200 even for a batch that can no longer be cancelled, so the status is read first and
/// what cannot be cancelled is said as a warning; -Wait checks that the cancellation took effect.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "SinchBatch", DefaultParameterSetName = ById, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SinchBatchStatus))]
public sealed class StopSinchBatchCommand : BatchStatusCmdlet
{
    /// <summary>Write each batch's status, read back after the cancellation (with -Wait, once it is final).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    internal override void Handle(SinchClient client, SinchBatchStatus status)
    {
        switch (status.Status)
        {
            case SinchBatchState.Cancelled:
                WriteVerbose($"Batch {status.BatchId} is already cancelled.");
                PassOn(status);
                return;
            case SinchBatchState.Processed:
                WriteWarning($"Batch {status.BatchId} cannot be cancelled: it was sent{At(status)} (Processed).");
                PassOn(status);
                return;
            case SinchBatchState.Ready:
                WriteWarning($"Batch {status.BatchId} cannot be cancelled: it was sent at once, without -SendAfter, and only scheduled batches can be.");
                PassOn(status);
                return;
        }

        string scheduled = status.SendAfter is { } at ? ", scheduled for " + ScheduleWindow.Format(at) : "";
        if (!ShouldProcess($"batch {status.BatchId} in project {status.ProjectId}{scheduled}", "Cancel"))
        {
            return;
        }

        if (!Call(() => client.CancelAsync(status.BatchId, StopToken), status.BatchId))
        {
            return;
        }

        if (Wait)
        {
            WaitFor(status);
        }
        else if (PassThru && Call(() => client.GetStatusAsync(status.BatchId, StopToken), status.BatchId) is { } after)
        {
            // Sinch cancels asynchronously: a batch still Scheduled right after the request is one waiting for it.
            if (after.Status == SinchBatchState.Scheduled)
            {
                after.Status = SinchBatchState.CancelRequested;
            }

            WriteObject(after);
        }
    }

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
