using System;

namespace SinchBatch;

/// <summary>
/// Where a batch was sent: the API's base URI (a region's host, or -BaseUri) and the token endpoint.
/// Results and statuses carry it, so Get-SinchBatchStatus and Stop-SinchBatch reach the batch where it
/// lives. Only the module makes one: no string or CSV column converts to it.
/// </summary>
public sealed class SinchEndpoint
{
    internal SinchEndpoint(Uri baseUri, SinchRegion? region, Uri authUri)
    {
        BaseUri = baseUri;
        Region = region;
        AuthUri = authUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The region whose host BaseUri is; null for a -BaseUri of its own.</summary>
    public SinchRegion? Region { get; }

    public Uri AuthUri { get; }

    public override string ToString() => Region?.ToString() ?? BaseUri.AbsoluteUri;
}
