using System;

namespace SinchBatch;

/// <summary>
/// A failure with a stable ErrorId. Category names match System.Management.Automation.ErrorCategory,
/// so this part stays free of PowerShell types and the cmdlets convert by name.
/// </summary>
internal sealed class SinchBatchException : Exception
{
    public SinchBatchException(string errorId, SinchErrorCategory category, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>Sinch may have acted on the request: the one failure whose rows must not simply be sent again.</summary>
    public const string OutcomeUnknown = "SinchBatch.OutcomeUnknown";

    /// <summary>Never changes once published: scripts match on it.</summary>
    public string ErrorId { get; }

    public SinchErrorCategory Category { get; }

    public static SinchBatchException InvalidArgument(string errorId, string message) =>
        new(errorId, SinchErrorCategory.InvalidArgument, message);
}

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
    ResourceBusy,
    ResourceUnavailable,
    NotSpecified,
}
