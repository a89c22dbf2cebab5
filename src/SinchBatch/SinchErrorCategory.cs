namespace SinchBatch;

/// <summary>The ErrorCategory an error is written under, kept free of PowerShell types (SinchCmdlet maps it).</summary>
internal enum SinchErrorCategory
{
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    AuthenticationError,
    PermissionDenied,
    ObjectNotFound,
    InvalidResult,
    ConnectionError,
    LimitsExceeded,
    OperationTimeout,
    OperationStopped,
    ResourceBusy,
    ResourceUnavailable,
    NotSpecified,
}
