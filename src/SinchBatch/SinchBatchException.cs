using System;

namespace SinchBatch;

/// <summary>
/// A failure with a stable ErrorId: the Exception of the module's errors, public so a script reads ErrorId and, for a
/// batch that failed, BatchNumber, without parsing the message. Category names match
/// System.Management.Automation.ErrorCategory, so this part stays free of PowerShell types and the cmdlets convert by name.
/// </summary>
#pragma warning disable CA1032 // Only the module raises it: a script catches it and reads it, never constructs it.
public sealed class SinchBatchException : Exception
#pragma warning restore CA1032
{
    internal SinchBatchException(string errorId, SinchErrorCategory category, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>Sinch may have acted on the request: the one failure whose rows must not simply be sent again.</summary>
    public const string OutcomeUnknown = "SinchBatch.OutcomeUnknown";

    /// <summary>Never changes once published: scripts match on it.</summary>
    public string ErrorId { get; }

    internal SinchErrorCategory Category { get; }

    /// <summary>The failed batch's number, as SinchBatchResult.BatchNumber counts; null when the error is not one batch's.</summary>
    public int? BatchNumber { get; private set; }

    internal static SinchBatchException InvalidArgument(string errorId, string message) =>
        new(errorId, SinchErrorCategory.InvalidArgument, message);

    /// <summary>
    /// The error of batch <paramref name="number"/>: a copy, as one exception (a refused token) may fail several
    /// batches; a cancellation or an unexpected failure gets the ErrorId the cmdlets give it anyway.
    /// </summary>
    internal static SinchBatchException OfBatch(Exception error, int number) => error switch
    {
        SinchBatchException known => new(known.ErrorId, known.Category, known.Message, known.InnerException) { BatchNumber = number },
        OperationCanceledException => new(StoppedId, SinchErrorCategory.OperationStopped, error.Message, error) { BatchNumber = number },
        _ => new(UnexpectedId, SinchErrorCategory.NotSpecified, error.Message, error) { BatchNumber = number },
    };

    internal const string StoppedId = "SinchBatch.Stopped";

    internal const string UnexpectedId = "SinchBatch.UnexpectedError";
}
