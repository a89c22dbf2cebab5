using System.Management.Automation;
using SinchBatch.Client;

namespace SinchBatch.Commands;

[Cmdlet(VerbsCommon.Get, "SinchBatchStatus", DefaultParameterSetName = ById)]
[OutputType(typeof(SinchBatchStatus))]
public sealed class GetSinchBatchStatusCommand : BatchStatusCmdlet
{
    internal override bool WaitsUntilDue => true;

    /// <summary>With -Wait even a final batch is handed on, so the statuses come out in the order given.</summary>
    internal override void Handle(SinchClient client, SinchBatchStatus status)
    {
        if (Wait)
        {
            WaitFor(status);
        }
        else
        {
            WriteObject(status);
        }
    }

    internal override void Finished(SinchBatchStatus status) => WriteObject(status);
}
