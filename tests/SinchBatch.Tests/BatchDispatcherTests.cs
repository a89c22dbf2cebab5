using System.Collections.Concurrent;
using System.Text.Json;
using SinchBatch.Client;
using SinchBatch.Json;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using Xunit;

namespace SinchBatch.Tests;

public class BatchDispatcherTests
{
    private readonly ConcurrentQueue<string[]> _sent = new();
    private int _inFlight;
    private int _maxInFlight;

    private async Task<BatchAccepted> Send(ArraySegment<byte> body, CancellationToken cancel)
    {
        int now = Interlocked.Increment(ref _inFlight);
        lock (_sent)
        {
            _maxInFlight = Math.Max(_maxInFlight, now);
        }

        using JsonDocument json = JsonDocument.Parse(body.AsMemory());
        string[] ids = json.RootElement.GetProperty("recipient_and_params").EnumerateArray()
            .Select(r => r.GetProperty("recipient").GetProperty("contact_id").GetString()!).ToArray();
        await Task.Delay(5, cancel);
        _sent.Enqueue(ids);
        Interlocked.Decrement(ref _inFlight);
        return new BatchAccepted("batch-" + ids[0], null);
    }

    private BatchDispatcher Dispatcher(int batchSize, int throttleLimit = 4, Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>>? send = null)
    {
        var writer = new BatchWriter(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") });
        return new BatchDispatcher(send ?? Send, batchSize, throttleLimit, () => new Chunk(writer), CancellationToken.None);
    }

    private static List<ChunkOutcome> SendAll(BatchDispatcher dispatcher, int rows)
    {
        var outcomes = new List<ChunkOutcome>();
        for (int i = 1; i <= rows; i++)
        {
            if (dispatcher.Add(new Recipient("c" + i, new()), i) is { } full)
            {
                outcomes.AddRange(dispatcher.Send(full));
            }
        }

        if (dispatcher.TakeFilling() is { } last)
        {
            outcomes.AddRange(dispatcher.Send(last));
        }

        outcomes.AddRange(dispatcher.Drain());
        return outcomes;
    }

    [Theory]
    [InlineData(999, new[] { 999 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(1001, new[] { 1000, 1 })]
    [InlineData(2500, new[] { 1000, 1000, 500 })]
    public void Rows_are_split_into_chunks_of_the_batch_size(int rows, int[] sizes)
    {
        List<ChunkOutcome> outcomes = SendAll(Dispatcher(1000), rows);

        Assert.Equal(sizes, outcomes.Select(o => o.Chunk.Count));
        Assert.Equal(sizes, _sent.Select(ids => ids.Length).OrderByDescending(n => n));
        Assert.Equal(Enumerable.Range(1, rows).Select(i => "c" + i), _sent.SelectMany(ids => ids).OrderBy(id => int.Parse(id.Substring(1))));
    }

    [Fact]
    public void Outcomes_come_back_in_the_order_chunks_were_sent_and_hold_their_rows()
    {
        List<ChunkOutcome> outcomes = SendAll(Dispatcher(3), 10);

        Assert.Equal(new[] { "batch-c1", "batch-c4", "batch-c7", "batch-c10" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.Equal(new object?[] { 4, 5, 6 }, outcomes[1].Chunk.Rows);
    }

    [Fact]
    public void No_more_than_the_throttle_limit_is_in_flight()
    {
        SendAll(Dispatcher(1, throttleLimit: 3), 60);

        Assert.InRange(_maxInFlight, 1, 3);
        Assert.Equal(60, _sent.Count);
    }

    [Fact]
    public void A_failed_request_is_an_outcome_with_its_error_and_the_others_still_go()
    {
        Task<BatchAccepted> FailSecond(ArraySegment<byte> body, CancellationToken cancel) =>
            System.Text.Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count).Contains("\"c3\"")
                ? throw new SinchBatchException("SinchBatch.ServiceError", SinchErrorCategory.NotSpecified, "boom")
                : Send(body, cancel);

        List<ChunkOutcome> outcomes = SendAll(Dispatcher(2, send: FailSecond), 6);

        Assert.Equal(new[] { true, false, true }, outcomes.Select(o => o.Accepted is not null));
        Assert.Equal("boom", outcomes[1].Error!.Message);
        Assert.Equal(new object?[] { 3, 4 }, outcomes[1].Chunk.Rows);
    }

    [Fact]
    public void Chunks_are_reused_once_returned()
    {
        var created = 0;
        var writer = new BatchWriter(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") });
        var dispatcher = new BatchDispatcher(Send, 10, 2, () => { created++; return new Chunk(writer); }, CancellationToken.None);

        for (int i = 0; i < 1000; i++)
        {
            if (dispatcher.Add(new Recipient("c" + i, new()), i) is { } full)
            {
                foreach (ChunkOutcome outcome in dispatcher.Send(full))
                {
                    dispatcher.Return(outcome.Chunk);
                }
            }
        }

        Assert.InRange(created, 1, 3);
    }
}
