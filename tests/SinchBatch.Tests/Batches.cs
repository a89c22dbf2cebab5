using SinchBatch.Validation;
using SinchBatch.Client;
using SinchBatch.Json;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;

namespace SinchBatch.Tests;

/// <summary>Batches and their outcomes as the dispatcher makes them, for the tests of what is done with them.</summary>
internal static class Batches
{
    private static readonly BatchWriter Writer = new(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") });

    /// <summary>A batch as the dispatcher fills it: numbered, named "run-number", with one row per recipient.</summary>
    public static Batch Of(int number, int recipients)
    {
        var batch = new Batch(Writer);
        batch.Start(number, "run-" + number);
        for (int i = 1; i <= recipients; i++)
        {
            batch.Add(new Recipient($"c{number}.{i}", new()), i);
        }

        return batch;
    }

    public static BatchOutcome Failed(int number, int recipients, Exception error) => new(Of(number, recipients), null, error);

    public static BatchOutcome Accepted(int number, int recipients, BatchAccepted accepted) => new(Of(number, recipients), accepted, null);

    public static SinchBatchException Error(string errorId, string message = "boom") => new(errorId, SinchErrorCategory.NotSpecified, message);
}
