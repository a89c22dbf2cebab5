using System.Management.Automation;
using SinchBatch.Client;

namespace SinchBatch.Commands;

[Cmdlet(VerbsCommon.Get, "SinchBatchStatus", DefaultParameterSetName = ById)]
[OutputType(typeof(SinchBatchStatus))]
public sealed class GetSinchBatchStatusCommand : BatchStatusCmdlet
{
    internal override void Handle(SinchClient client, SinchBatchStatus status)
    {
        if (Wait && !status.IsFinal)
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
