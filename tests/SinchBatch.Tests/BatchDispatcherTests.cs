using System.Globalization;
using System.Collections.Concurrent;
using System.Text.Json;
using SinchBatch.Validation;
using SinchBatch.Campaigns;
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

    private static readonly BatchWriter Writer = new(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") });

    private BatchDispatcher Dispatcher(int batchSize, int throttleLimit = 4, Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>>? send = null, Func<Batch, bool>? approve = null) =>
        new(send ?? Send, Writer, batchSize, throttleLimit, CancellationToken.None, approve);

    /// <summary>Sends the rows as Send-SinchBatch does, ending with Finish, which refuses batches a campaign still holds back.</summary>
    private static List<BatchOutcome> SendAll(BatchDispatcher dispatcher, int rows)
    {
        for (int i = 1; i <= rows; i++)
        {
            dispatcher.Add(new Recipient("c" + i, new()), i);
        }

        dispatcher.SendLast();
        dispatcher.Finish();
        return Outcomes(dispatcher);
    }

    private static List<BatchOutcome> Outcomes(BatchDispatcher dispatcher)
    {
        var outcomes = new List<BatchOutcome>();
        while (dispatcher.NextOutcome() is { } outcome)
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    [Theory]
    [InlineData(999, new[] { 999 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(1001, new[] { 1000, 1 })]
    [InlineData(2500, new[] { 1000, 1000, 500 })]
    public void Rows_are_split_into_batches_of_the_batch_size(int rows, int[] sizes)
    {
        List<BatchOutcome> outcomes = SendAll(Dispatcher(1000), rows);

        Assert.Equal(sizes, outcomes.Select(o => o.RecipientCount));
        Assert.Equal(sizes, _sent.Select(ids => ids.Length).OrderByDescending(n => n));
        Assert.Equal(Enumerable.Range(1, rows).Select(i => "c" + i), _sent.SelectMany(ids => ids).OrderBy(id => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Outcomes_come_back_in_the_order_batches_were_sent_and_an_accepted_one_keeps_its_count_but_not_its_rows()
    {
        List<BatchOutcome> outcomes = SendAll(Dispatcher(3), 10);

        Assert.Equal(new[] { "batch-c1", "batch-c4", "batch-c7", "batch-c10" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.Equal(new[] { 1, 2, 3, 4 }, outcomes.Select(o => o.Number));
        Assert.Equal(new[] { 3, 3, 3, 1 }, outcomes.Select(o => o.RecipientCount));
        Assert.All(outcomes, o => Assert.Empty(o.Rows));
    }

    [Fact]
    public void A_batch_not_approved_is_not_sent_and_the_next_one_still_is()
    {
        List<BatchOutcome> outcomes = SendAll(Dispatcher(3, approve: batch => batch.Number != 2), 10);

        Assert.Equal(new[] { 1, 3, 4 }, outcomes.Select(o => o.Number));
        Assert.DoesNotContain(_sent, ids => ids.Contains("c4"));
        Assert.Equal(7, _sent.Sum(ids => ids.Length));
    }

    [Fact]
    public void No_more_than_the_throttle_limit_is_in_flight()
    {
        SendAll(Dispatcher(1, throttleLimit: 3), 60);

        Assert.Equal(3, _maxInFlight);
        Assert.Equal(60, _sent.Count);
    }

    [Fact]
    public void A_batch_whose_approval_throws_is_counted_among_the_rows_not_sent()
    {
        BatchDispatcher dispatcher = Dispatcher(3, approve: batch => batch.Number == 2 ? throw new InvalidOperationException("stopped at the prompt") : true);

        Assert.Throws<InvalidOperationException>(() => SendAll(dispatcher, 10));

        Assert.Equal(3, dispatcher.RowsNotSent);
        Assert.Single(dispatcher.Stop());
    }

    [Fact]
    public void A_failed_request_is_an_outcome_with_its_error_and_the_others_still_go()
    {
        Task<BatchAccepted> FailSecond(ArraySegment<byte> body, CancellationToken cancel) =>
            System.Text.Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count).Contains("\"c3\"")
                ? throw new SinchBatchException("SinchBatch.ServiceError", SinchErrorCategory.NotSpecified, "boom")
                : Send(body, cancel);

        List<BatchOutcome> outcomes = SendAll(Dispatcher(2, send: FailSecond), 6);

        Assert.Equal(new[] { true, false, true }, outcomes.Select(o => o.Accepted is not null));
        Assert.Equal("boom", outcomes[1].Error!.Message);
        Assert.Equal(new object?[] { 3, 4 }, outcomes[1].Rows);
    }

    [Fact]
    public void Batches_are_reused_once_their_requests_end()
    {
        // A batch's body lives in its own buffer, which keeps its size when the batch is reused: one buffer per batch object.
        var buffers = new ConcurrentDictionary<byte[], bool>(ReferenceEqualityComparer.Instance);
        BatchDispatcher dispatcher = Dispatcher(10, throttleLimit: 2, send: (body, cancel) => { buffers[body.Array!] = true; return Send(body, cancel); });

        for (int i = 0; i < 1000; i++)
        {
            dispatcher.Add(new Recipient($"c{i:D4}", new()), i);
        }

        dispatcher.SendLast();
        dispatcher.Finish();

        Assert.Equal(100, Outcomes(dispatcher).Count);
        Assert.InRange(buffers.Count, 1, 3);
    }

    private static Dictionary<string, string> BatchMetadata(ArraySegment<byte> body)
    {
        using JsonDocument json = JsonDocument.Parse(body.AsMemory());
        return json.RootElement.GetProperty("batch_metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    private static BatchDispatcher CampaignDispatcher(
        int batchSize, Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> send, Func<Task<Campaign?>> lookUp, string runId, int throttleLimit = 2)
    {
        var writer = new BatchWriter(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi"), CampaignId = "bf" });
        return new BatchDispatcher(send, writer, batchSize, throttleLimit, CancellationToken.None, runId: runId, beforeFirstSend: lookUp);
    }

    /// <summary>A re-run's send: notes each batch number sent and accepts it as "second-N" (or as <paramref name="batchId"/>).</summary>
    private static Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> SecondRun(ConcurrentBag<int> sent, string? batchId = null) =>
        (body, cancel) =>
        {
            int number = int.Parse(BatchMetadata(body)[Campaign.NumberKey], CultureInfo.InvariantCulture);
            sent.Add(number);
            return Task.FromResult(new BatchAccepted(batchId ?? "second-" + number, null));
        };

    /// <summary>A campaign's first run over 10 rows in batches of 3: what Sinch would list for each of its 4 batches.</summary>
    private static Dictionary<int, SinchBatchStatus> FirstRun(int rows = 10)
    {
        var listed = new ConcurrentDictionary<int, SinchBatchStatus>();
        Task<BatchAccepted> Accept(ArraySegment<byte> body, CancellationToken cancel)
        {
            Dictionary<string, string> metadata = BatchMetadata(body);
            int number = int.Parse(metadata[Campaign.NumberKey], CultureInfo.InvariantCulture);
            listed[number] = new SinchBatchStatus { BatchId = "first-" + number, Status = SinchBatchState.Scheduled, Metadata = metadata };
            return Task.FromResult(new BatchAccepted("first-" + number, null));
        }

        List<BatchOutcome> outcomes = SendAll(CampaignDispatcher(3, Accept, () => Task.FromResult<Campaign?>(new Campaign("bf", Array.Empty<SinchBatchStatus>())), "run1"), rows);
        Assert.All(outcomes, o => Assert.False(o.Accepted!.AlreadySent));
        return new Dictionary<int, SinchBatchStatus>(listed);
    }

    [Fact]
    public void A_campaign_rerun_sends_only_the_batches_no_earlier_run_got_accepted()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun();
        var sent = new ConcurrentBag<int>();
        var accept = SecondRun(sent);

        int lookUps = 0;
        BatchDispatcher dispatcher = CampaignDispatcher(
            3, accept, () => { lookUps++; return Task.FromResult<Campaign?>(new Campaign("bf", new[] { first[1], first[3] })); }, "run2");

        List<BatchOutcome> outcomes = SendAll(dispatcher, 10);

        Assert.Equal(new[] { 2, 4 }, sent.OrderBy(n => n));
        Assert.Equal(new[] { "first-1", "second-2", "first-3", "second-4" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.Equal(new[] { true, false, true, false }, outcomes.Select(o => o.Accepted!.AlreadySent));
        Assert.Equal("run1-1", outcomes[0].Accepted!.RequestId);
        Assert.Equal("run1-3", outcomes[2].Accepted!.RequestId);
        Assert.Equal(new[] { 1, 2, 3, 4 }, outcomes.Select(o => o.Number));
        Assert.Equal(1, lookUps);
    }

    [Fact]
    public void A_campaign_rerun_after_a_complete_run_sends_nothing()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun();
        int sends = 0;

        List<BatchOutcome> outcomes = SendAll(
            CampaignDispatcher(3, (body, cancel) => { Interlocked.Increment(ref sends); return Send(body, cancel); }, () => Task.FromResult<Campaign?>(new Campaign("bf", first.Values)), "run2"),
            10);

        Assert.Equal(0, sends);
        Assert.Equal(new[] { "first-1", "first-2", "first-3", "first-4" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.All(outcomes, o => Assert.True(o.Accepted!.AlreadySent));
    }

    [Fact]
    public void The_campaign_is_looked_up_once_at_the_first_send_however_many_batches()
    {
        int lookUps = 0;
        BatchDispatcher dispatcher = CampaignDispatcher(
            2, Send, () => { Interlocked.Increment(ref lookUps); return Task.FromResult<Campaign?>(new Campaign("bf", Array.Empty<SinchBatchStatus>())); }, "run", throttleLimit: 3);

        dispatcher.Add(new Recipient("a", new()), 0);
        Assert.Equal(0, lookUps);
        dispatcher.Add(new Recipient("b", new()), 1);
        Assert.Equal(1, lookUps);

        List<BatchOutcome> outcomes = SendAll(dispatcher, 50);

        Assert.Equal(26, outcomes.Count);
        Assert.All(outcomes, o => Assert.NotNull(o.Accepted));
        Assert.Equal(26, _sent.Count);
        Assert.Equal(1, lookUps);
    }

    [Fact]
    public void When_the_campaign_cannot_be_looked_up_nothing_is_sent()
    {
        int sends = 0;
        Task<BatchAccepted> Counting(ArraySegment<byte> body, CancellationToken cancel)
        {
            Interlocked.Increment(ref sends);
            return Send(body, cancel);
        }

        BatchDispatcher failing = CampaignDispatcher(
            2,
            Counting,
            () => Task.FromException<Campaign?>(new SinchBatchException("SinchBatch.CampaignLookupFailed", SinchErrorCategory.ConnectionError, "no list")),
            "run");
        BatchDispatcher throwing = CampaignDispatcher(2, Counting, () => throw new HttpRequestException("refused"), "run");

        failing.Add(new Recipient("c1", new()), 1);
        var error = Assert.Throws<SinchBatchException>(() => failing.Add(new Recipient("c2", new()), 2));
        throwing.Add(new Recipient("c1", new()), 1);
        Assert.Throws<HttpRequestException>(() => throwing.Add(new Recipient("c2", new()), 2));

        Assert.Equal("SinchBatch.CampaignLookupFailed", error.ErrorId);
        Assert.Empty(failing.Stop());
        Assert.Empty(throwing.Stop());
        Assert.Equal(2, failing.RowsNotSent);
        Assert.Equal(0, sends);
    }

    [Fact]
    public void A_campaign_batch_that_changed_since_an_earlier_run_is_not_sent()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun();
        var sent = new ConcurrentBag<string>();
        BatchDispatcher dispatcher = CampaignDispatcher(
            3,
            (body, cancel) => { sent.Add(BatchMetadata(body)[Campaign.NumberKey]); return Send(body, cancel); },
            () => Task.FromResult<Campaign?>(new Campaign("bf", first.Values)),
            "run2");

        for (int i = 1; i <= 3; i++)
        {
            dispatcher.Add(new Recipient("c" + i, new()), i);
        }

        dispatcher.Add(new Recipient("c4", new()), 4);
        dispatcher.Add(new Recipient("c5-changed", new()), 5);
        var error = Assert.Throws<SinchBatchException>(() => dispatcher.Add(new Recipient("c6", new()), 6));
        List<BatchOutcome> outcomes = dispatcher.Stop();

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Contains("batch first-2", error.Message);
        Assert.Equal("first-1", Assert.Single(outcomes).Accepted!.BatchId);
        Assert.Empty(sent);
    }

    [Fact]
    public void A_batch_no_run_sent_waits_for_the_later_batch_an_earlier_run_sent_to_prove_the_same()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun();
        var sent = new ConcurrentBag<int>();
        var accept = SecondRun(sent);

        BatchDispatcher dispatcher = CampaignDispatcher(3, accept, () => Task.FromResult<Campaign?>(new Campaign("bf", new[] { first[3] })), "run2");
        for (int i = 1; i <= 6; i++)
        {
            dispatcher.Add(new Recipient("c" + i, new()), i);
        }

        Assert.Null(dispatcher.NextOutcome());
        Assert.Empty(sent);
        Assert.Equal(6, dispatcher.RowsNotSent);

        for (int i = 7; i <= 10; i++)
        {
            dispatcher.Add(new Recipient("c" + i, new()), i);
        }

        dispatcher.SendLast();
        dispatcher.Finish();
        List<BatchOutcome> outcomes = Outcomes(dispatcher);

        Assert.Equal(new[] { 1, 2, 4 }, sent.OrderBy(n => n));
        Assert.Equal(new[] { "second-1", "second-2", "first-3", "second-4" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.Equal(0, dispatcher.RowsNotSent);
    }

    [Fact]
    public void A_rerun_holds_back_no_more_than_MaxHeld_batches_however_long_the_gap_before_a_batch_sent_earlier()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun(rows: 3 * 40);
        var sent = new ConcurrentBag<int>();
        var accept = SecondRun(sent, "second");

        // Only batch 40 of the first run was accepted: 39 batches before it wait for it to prove the rows unchanged.
        BatchDispatcher dispatcher = CampaignDispatcher(3, accept, () => Task.FromResult<Campaign?>(new Campaign("bf", new[] { first[40] })), "run2");
        int mostHeld = 0;
        for (int i = 1; i <= 3 * 39; i++)
        {
            dispatcher.Add(new Recipient("c" + i, new()), i);
            mostHeld = Math.Max(mostHeld, dispatcher.RowsNotSent / 3);
        }

        dispatcher.Stop();
        Assert.Equal(BatchDispatcher.MaxHeld, mostHeld);
        Assert.Equal(39 - BatchDispatcher.MaxHeld, sent.Count);
        Assert.Equal(Enumerable.Range(1, 39 - BatchDispatcher.MaxHeld), sent.OrderBy(n => n));
    }

    [Fact]
    public void When_the_input_ends_before_a_batch_an_earlier_run_sent_what_the_last_batch_sent_is_taken_before_the_campaign_is_found_changed()
    {
        // Only batch 40 of the first run was accepted, so batches wait for it; past MaxHeld the oldest goes, and fails.
        Dictionary<int, SinchBatchStatus> first = FirstRun(rows: 3 * 40);
        int sends = 0;
        BatchDispatcher dispatcher = CampaignDispatcher(
            3,
            (body, cancel) => { Interlocked.Increment(ref sends); throw new SinchBatchException("SinchBatch.ServiceError", SinchErrorCategory.NotSpecified, "boom"); },
            () => Task.FromResult<Campaign?>(new Campaign("bf", new[] { first[40] })),
            "run2",
            throttleLimit: 1);
        var taken = new List<BatchOutcome>();
        for (int i = 1; i <= 3 * 17 + 1; i++)
        {
            if (dispatcher.Add(new Recipient("c" + i, new()), i))
            {
                taken.AddRange(Outcomes(dispatcher));
            }
        }

        dispatcher.SendLast();
        taken.AddRange(Outcomes(dispatcher));
        var error = Assert.Throws<SinchBatchException>(dispatcher.Finish);

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Equal(2, sends);
        Assert.Equal(new[] { 1, 2 }, taken.Select(o => o.Number));
        Assert.Equal(new object?[] { 4, 5, 6 }, taken[1].Rows);
        Assert.Empty(dispatcher.Stop());
    }

    [Fact]
    public void Input_that_ends_before_the_later_batch_an_earlier_run_sent_is_a_changed_campaign_and_sends_nothing_held()
    {
        Dictionary<int, SinchBatchStatus> first = FirstRun();
        int sends = 0;
        BatchDispatcher dispatcher = CampaignDispatcher(
            3, (body, cancel) => { Interlocked.Increment(ref sends); return Send(body, cancel); }, () => Task.FromResult<Campaign?>(new Campaign("bf", new[] { first[3], first[4] })), "run2");

        var error = Assert.Throws<SinchBatchException>(() => SendAll(dispatcher, 5));

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Contains("batch 3 ", error.Message);
        Assert.Contains("batch first-3", error.Message);
        Assert.Equal(0, sends);
        Assert.Equal(5, dispatcher.RowsNotSent);
    }
}
