using System.Management.Automation;
using SinchBatch.Client;
using SinchBatch.Connection;

namespace SinchBatch.Commands;

/// <summary>Forgets what Connect-Sinch remembered in this session, and the token fetched with that key.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Sinch")]
[OutputType(typeof(void))]
public sealed class DisconnectSinchCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        ConnectionInput? forgotten = SessionConnection.Clear();
        if (forgotten is null)
        {
            WriteVerbose("Not connected: nothing to forget.");
            return;
        }

        if (forgotten.KeyId is not null && forgotten.KeySecret is not null)
        {
            TokenCache.Shared.Forget(forgotten.AuthUri ?? ConnectionResolver.DefaultAuthUri, forgotten.KeyId, forgotten.KeySecret);
        }

        WriteVerbose($"Disconnected from project {forgotten.ProjectId}.");
    }
}
