using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Sending;

namespace SinchBatch.Tests;

/// <summary>Spooled batches and their outcomes as the sender makes them, for the tests of what is done with them.</summary>
internal static class Batches
{
    /// <summary>A batch as the spool names it: numbered, its request named "run-number".</summary>
    public static SpooledBatch Of(int number, int recipients, string? digest = null, int excluded = 0) =>
        new(number, recipients, "run-" + number, digest, excluded, 0, 0, 0, 0);

    public static BatchOutcome Failed(int number, int recipients, Exception error) =>
        new(Of(number, recipients), null, error, Enumerable.Range(1, recipients).Select(i => (object?)i).ToArray());

    public static BatchOutcome Accepted(int number, int recipients, BatchAccepted accepted) => new(Of(number, recipients), accepted, null, Array.Empty<object?>());

    public static SinchBatchException Error(string errorId, string message = "boom") => new(errorId, SinchErrorCategory.NotSpecified, message);
}
