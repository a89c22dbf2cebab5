using System.Collections;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Sending;
using Xunit;

namespace SinchBatch.Tests;

public class SpoolSenderTests
{
    private static readonly TimeSpan Deadline = StarterThread.Deadline;

    /// <summary>Requests that end only when the test says so, each named by the request ID its body carries.</summary>
    private sealed class Requests
    {
        public HeldRequests<BatchAccepted> Held { get; } = new();

        public string[] Started => Held.Started;

        public int InFlight => Held.InFlight;

        public Task<BatchAccepted> Send(ArraySegment<byte> body, CancellationToken cancel) => Held.Start(Spools.RequestIdOf(body));

        public void Accept(string id) => Held.Release(id, new BatchAccepted("B-" + id, null));

        public void Fail(string id, Exception error) => Held.Fail(id, error);
    }

    private static List<BatchOutcome> Outcomes(SpoolSender sender)
    {
        var outcomes = new List<BatchOutcome>();
        while (sender.NextOutcome() is { } outcome)
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    [Fact]
    public void The_throttle_limit_of_requests_in_flight_is_reached_and_never_passed()
    {
        const int limit = 3;
        const int count = 8;
        using Spool spool = Spools.Filled(count, batchSize: 1);
        var requests = new Requests();
        var sender = new SpoolSender(spool, requests.Send, limit, CancellationToken.None);
        var outcomes = new List<BatchOutcome>();
        int handedOver = 0;

        // As the cmdlet sends: room first, then the outcomes ready, then the batch.
        var starter = new StarterThread(() =>
        {
            foreach (SpooledBatch batch in spool.Batches)
            {
                sender.WaitForRoom();
                outcomes.AddRange(Outcomes(sender));
                sender.Send(batch);
                Interlocked.Increment(ref handedOver);
            }

            sender.Drain();
            outcomes.AddRange(Outcomes(sender));
        });

        // Each answer held until the sender waits for room; the requests start on other threads, so hand-overs are counted.
        requests.Held.EndOneByOne(starter, limit, Enumerable.Range(1, count).Select(n => "run-" + n).ToArray(), id => new BatchAccepted("B-" + id, null), () => Volatile.Read(ref handedOver));

        Assert.Equal(Enumerable.Range(1, count), outcomes.Select(o => o.Number));
        Assert.Equal(Enumerable.Range(1, count).Select(n => "B-run-" + n), outcomes.Select(o => o.Accepted!.BatchId));
    }

    [Fact]
    public void Outcomes_come_back_in_the_order_the_batches_were_handed_over_whatever_order_the_requests_end_in()
    {
        using Spool spool = Spools.Filled(4, batchSize: 1);
        var requests = new Requests();
        var sender = new SpoolSender(spool, requests.Send, throttleLimit: 4, CancellationToken.None);
        foreach (SpooledBatch batch in spool.Batches)
        {
            sender.Send(batch);
        }

        requests.Held.WaitUntilStarted(4);
        requests.Accept("run-3");
        requests.Accept("run-2");
        requests.Accept("run-4");

        Assert.Null(sender.NextOutcome());
        requests.Accept("run-1");
        sender.Drain();
        var outcomes = Outcomes(sender);

        Assert.Equal(new[] { 1, 2, 3, 4 }, outcomes.Select(o => o.Number));
        Assert.Equal(new[] { "B-run-1", "B-run-2", "B-run-3", "B-run-4" }, outcomes.Select(o => o.Accepted!.BatchId));
        Assert.Equal(new[] { "run-1", "run-2", "run-3", "run-4" }, outcomes.Select(o => o.RequestId));
        Assert.All(outcomes, o => Assert.Empty(o.Rows));
    }

    [Fact]
    public void A_skipped_batch_gives_its_earlier_acceptance_in_its_place_without_a_request()
    {
        using Spool spool = Spools.Filled(3, batchSize: 1);
        var requests = new Requests();
        var sender = new SpoolSender(spool, requests.Send, throttleLimit: 3, CancellationToken.None);
        var earlier = new BatchAccepted("B0", null, "run0-2", alreadySent: true);

        sender.Send(spool.Batches[0]);
        sender.Skip(spool.Batches[1], earlier);
        sender.Send(spool.Batches[2]);
        requests.Held.WaitUntilStarted(2);
        Assert.Null(sender.NextOutcome());
        requests.Accept("run-3");
        requests.Accept("run-1");
        sender.Drain();
        var outcomes = Outcomes(sender);

        Assert.Equal(new[] { "run-1", "run-3" }, requests.Started.Order());
        Assert.Equal(new[] { 1, 2, 3 }, outcomes.Select(o => o.Number));
        Assert.Same(earlier, outcomes[1].Accepted);
        Assert.Equal("B-run-3", outcomes[2].Accepted!.BatchId);
    }

    [Fact]
    public void A_failed_requests_outcome_holds_the_batchs_rows_read_back_from_the_spool()
    {
        using Spool spool = Spools.Filled(6, batchSize: 2);
        var requests = new Requests();
        var sender = new SpoolSender(spool, requests.Send, throttleLimit: 3, CancellationToken.None);
        var error = new SinchBatchException("SinchBatch.ServiceError", SinchErrorCategory.ConnectionError, "boom");
        foreach (SpooledBatch batch in spool.Batches)
        {
            sender.Send(batch);
        }

        requests.Held.WaitUntilStarted(3);
        requests.Accept("run-1");
        requests.Fail("run-2", error);
        requests.Accept("run-3");
        sender.Drain();
        var outcomes = Outcomes(sender);

        Assert.Null(outcomes[1].Accepted);
        Assert.Same(error, outcomes[1].Error);
        Assert.Equal(new[] { "C3", "C4" }, outcomes[1].Rows.Select(row => (string)((Hashtable)row!)["contact_id"]!));
        Assert.Equal(spool.ReadRows(spool.Batches[1]), outcomes[1].Rows);
        Assert.Empty(outcomes[0].Rows);
        Assert.Empty(outcomes[2].Rows);
    }

    [Fact]
    public void Drain_returns_only_once_every_request_in_flight_has_ended()
    {
        using Spool spool = Spools.Filled(3, batchSize: 1);
        var requests = new Requests();
        var sender = new SpoolSender(spool, requests.Send, throttleLimit: 3, CancellationToken.None);
        foreach (SpooledBatch batch in spool.Batches)
        {
            sender.Send(batch);
        }

        requests.Held.WaitUntilStarted(3);
        var draining = new Thread(sender.Drain);
        draining.Start();
        requests.Accept("run-1");
        requests.Accept("run-2");

        // The drain has taken the first two outcomes and waits for the last request, or returned without it.
        Assert.True(SpinWait.SpinUntil(() => !draining.IsAlive || ((draining.ThreadState & ThreadState.WaitSleepJoin) != 0 && sender.Pending == 1), Deadline));
        Assert.True(draining.IsAlive, "Drain returned with a request in flight.");
        requests.Accept("run-3");
        Assert.True(draining.Join(Deadline));

        Assert.Equal(0, sender.Pending);
        Assert.Equal(0, requests.InFlight);
        Assert.Equal(new[] { 1, 2, 3 }, Outcomes(sender).Select(o => o.Number));
    }
}
