using System.Management.Automation;
using SinchBatch.Connection;

namespace SinchBatch.Commands;

/// <summary>
/// Remembers the project, endpoint and credentials for this session; every SinchBatch cmdlet
/// uses them for what its own parameters leave out. A key is checked at once by fetching a
/// token, which the cmdlets that follow then reuse; Ctrl+C ends that check, retries and all.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Sinch", DefaultParameterSetName = "Credential")]
[OutputType(typeof(SinchConnection))]
public sealed class ConnectSinchCommand : SinchCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ProjectId { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        ConnectionSettings settings;
        try
        {
            // The session's earlier connection does not count: connecting replaces it.
            settings = ResolveConnection(ProjectId, useSession: false);
            if (settings.AccessToken is null)
            {
                NewClient(settings).WarmUpAsync(StopToken, throwOnFailure: true).GetAwaiter().GetResult();
            }
        }
        catch (SinchBatchException ex)
        {
            WriteRequestLog();
            ThrowTerminatingError(ErrorFor(ex, null));
            return;
        }

        WriteRequestLog();
        SessionConnection.Set(new ConnectionInput
        {
            ProjectId = settings.ProjectId,
            BaseUri = settings.BaseUri,
            AuthUri = settings.AuthUri,
            KeyId = settings.KeyId,
            KeySecret = settings.KeySecret,
            AccessToken = settings.AccessToken,
        });
        WriteVerbose($"Connected to project {settings.ProjectId} at {settings.BaseUri}.");
        if (PassThru)
        {
            WriteObject(new SinchConnection { ProjectId = settings.ProjectId, BaseUri = settings.BaseUri, AuthUri = settings.AuthUri, KeyId = settings.KeyId });
        }
    }
}
