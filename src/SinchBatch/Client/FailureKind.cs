namespace SinchBatch.Client;

/// <summary>How one attempt failed, as far as retrying cares.</summary>
internal enum FailureKind
{
    /// <summary>An HTTP answer with a status code.</summary>
    Status,

    /// <summary>No connection was ever made: the request surely did not arrive.</summary>
    NotConnected,

    /// <summary>The connection broke or timed out after the request may have been sent.</summary>
    Interrupted,
}
