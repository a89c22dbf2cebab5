using System;
using System.Globalization;
using SinchBatch.Batches;

namespace SinchBatch.Checking;

/// <summary>
/// The name each batch's request carries in its batch metadata, the same in every retry: a batch whose answer
/// was lost (a time-out, a dropped connection, Ctrl+C) can be looked up by it before its rows are sent again.
/// </summary>
internal static class RequestIds
{
    public const string MetadataKey = MetadataKeys.RequestId;

    /// <summary>A new command's prefix: its batches are named "run-1", "run-2", ...</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N").Substring(0, 12);

    public static string Of(string run, int batchNumber) => run + "-" + batchNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>The run that named a request "run-number"; null for a name of another form.</summary>
    public static string? RunOf(string? requestId) =>
        requestId?.LastIndexOf('-') is > 0 and int at ? requestId.Substring(0, at) : null;

    /// <summary>The command that lists the batch a request of that name created, if it created one.</summary>
    public static string LookUp(string id) => $"Get-SinchBatchStatus -Metadata @{{ {MetadataKey} = '{id}' }}";
}
