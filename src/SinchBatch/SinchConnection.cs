using System;

namespace SinchBatch;

/// <summary>What Connect-Sinch -PassThru writes: where requests go, and which key, never its secret.</summary>
public sealed class SinchConnection
{
    public string ProjectId { get; internal set; } = "";

    public Uri? BaseUri { get; internal set; }

    public Uri? AuthUri { get; internal set; }

    /// <summary>The key ID, or null when connected with an access token.</summary>
    public string? KeyId { get; internal set; }
}
