using System;

namespace SinchBatch.Connection;

/// <summary>A complete, checked connection: where requests go and how they are authorised.</summary>
internal sealed class ConnectionSettings
{
    public ConnectionSettings(string projectId, Uri baseUri, Uri authUri, string? keyId, string? keySecret, string? accessToken, SinchRegion? region = null)
    {
        ProjectId = projectId;
        BaseUri = baseUri;
        AuthUri = authUri;
        Endpoint = new SinchEndpoint(baseUri, region, authUri);
        KeyId = keyId;
        KeySecret = keySecret;
        AccessToken = accessToken;
    }

    public string ProjectId { get; }

    public Uri BaseUri { get; }

    public Uri AuthUri { get; }

    /// <summary>Where requests go, as results and statuses carry it.</summary>
    public SinchEndpoint Endpoint { get; }

    public string? KeyId { get; }

    public string? KeySecret { get; }

    /// <summary>A token the user gave: used as it is, never renewed.</summary>
    public string? AccessToken { get; }

    /// <summary>The secrets stay out: this may end up in a log.</summary>
    public override string ToString() => $"{BaseUri} project {ProjectId}";
}
