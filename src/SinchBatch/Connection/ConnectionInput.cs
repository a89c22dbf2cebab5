using System;

namespace SinchBatch.Connection;

/// <summary>What one source (parameters, Connect-Sinch, the environment) says about the connection; any part may be missing.</summary>
internal sealed class ConnectionInput
{
    public string? ProjectId { get; set; }

    public SinchRegion? Region { get; set; }

    public Uri? BaseUri { get; set; }

    public Uri? AuthUri { get; set; }

    public string? KeyId { get; set; }

    public string? KeySecret { get; set; }

    public string? AccessToken { get; set; }

    public bool HasCredential => KeyId is not null || KeySecret is not null || AccessToken is not null;

    public override string ToString() => $"ProjectId={ProjectId} Region={Region} BaseUri={BaseUri}";
}
