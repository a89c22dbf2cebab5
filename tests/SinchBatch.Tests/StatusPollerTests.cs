using SinchBatch.Polling;
using Xunit;

namespace SinchBatch.Tests;

public class StatusPollerTests
{
    private DateTime _now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private readonly List<TimeSpan> _sleeps = new();

    private static SinchBatchStatus Status(string id, SinchBatchState state, DateTime? sendAfter = null) => new() { BatchId = id, Status = state, SendAfter = sendAfter };

    /// <summary>A poller over scripted answers: each read of a batch takes the next state of its script.</summary>
    private StatusPoller Poller(Dictionary<string, Queue<SinchBatchState>> script) => new(
        (last, _) => script[last.BatchId].Count > 0
            ? Task.FromResult(Status(last.BatchId, script[last.BatchId].Dequeue(), last.SendAfter))
            : throw new SinchBatchException("SinchBatch.BatchNotFound", SinchErrorCategory.ObjectNotFound, "gone"),
        throttleLimit: 4,
        () => _now,
        (span, _) =>
        {
            _sleeps.Add(span);
            _now += span;
        });

    [Fact]
    public void The_interval_grows_from_one_second_to_thirty()
    {
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 30, 30, 30 }, Enumerable.Range(0, 8).Select(r => (int)StatusPoller.Interval(r).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), StatusPoller.Interval(int.MaxValue));
    }

    [Fact]
    public void A_final_batch_is_answered_at_once_without_a_pause()
    {
        var events = Poller(new()).Wait(new[] { Status("a", SinchBatchState.Cancelled) }, TimeSpan.FromMinutes(1), untilDue: true, CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.Final, Assert.Single(events).Kind);
        Assert.Empty(_sleeps);
    }

    [Fact]
    public void Each_batch_is_polled_until_final_at_growing_intervals_and_written_in_the_order_given()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>>
        {
            ["a"] = new(new[] { SinchBatchState.Scheduled, SinchBatchState.Scheduled, SinchBatchState.Processed }),
            ["b"] = new(new[] { SinchBatchState.Cancelled }),
        };

        var finals = Poller(script)
            .Wait(new[] { Status("a", SinchBatchState.Scheduled), Status("b", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), untilDue: true, CancellationToken.None)
            .Where(e => e.Kind == PollEventKind.Final)
            .Select(e => (e.Status.BatchId, e.Status.Status))
            .ToList();

        // b is final first, and waits for a: the order given.
        Assert.Equal(new[] { ("a", SinchBatchState.Processed), ("b", SinchBatchState.Cancelled) }, finals);
        Assert.Equal(new[] { 1, 2, 4 }, _sleeps.Select(s => (int)s.TotalSeconds));
    }

    [Fact]
    public void Progress_names_what_is_still_pending()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(new[] { SinchBatchState.Processed }) };

        PollEvent waiting = Poller(script).Wait(new[] { Status("a", SinchBatchState.Ready) }, TimeSpan.FromHours(1), untilDue: true, CancellationToken.None).First();

        Assert.Equal(PollEventKind.Waiting, waiting.Kind);
        Assert.Equal("a", Assert.Single(waiting.Pending).BatchId);
    }

    [Fact]
    public void Running_out_of_time_reports_each_pending_batch_with_its_last_status()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(Enumerable.Repeat(SinchBatchState.Scheduled, 100)) };

        var events = Poller(script).Wait(new[] { Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromSeconds(10), untilDue: true, CancellationToken.None).ToList();

        PollEvent last = events.Last();
        Assert.Equal(PollEventKind.TimedOut, last.Kind);
        Assert.Equal(SinchBatchState.Scheduled, last.Status.Status);
        Assert.Equal(TimeSpan.FromSeconds(10), TimeSpan.FromTicks(_sleeps.Sum(s => s.Ticks)));
        Assert.Equal(new[] { 1, 2, 4, 3 }, _sleeps.Select(s => (int)s.TotalSeconds));
    }

    [Fact]
    public void A_batch_that_cannot_be_read_is_reported_and_the_others_go_on()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>>
        {
            ["gone"] = new(),
            ["a"] = new(new[] { SinchBatchState.Processed }),
        };

        var events = Poller(script)
            .Wait(new[] { Status("gone", SinchBatchState.Scheduled), Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), untilDue: true, CancellationToken.None)
            .Where(e => e.Kind != PollEventKind.Waiting)
            .ToList();

        Assert.Equal(new[] { PollEventKind.Failed, PollEventKind.Final }, events.Select(e => e.Kind));
        Assert.Equal("gone", events[0].Status.BatchId);
    }

    [Fact]
    public void Cancellation_ends_the_wait()
    {
        using var stop = new CancellationTokenSource();
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(Enumerable.Repeat(SinchBatchState.Scheduled, 100)) };
        var poller = new StatusPoller((last, _) => Task.FromResult(Status("a", SinchBatchState.Scheduled)), 4, () => _now, (_, _) => stop.Cancel());

        Assert.Throws<OperationCanceledException>(() => poller.Wait(new[] { Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), untilDue: true, stop.Token).ToList());
    }

    [Fact]
    public void A_batch_scheduled_ahead_is_read_again_shortly_before_its_time_not_all_along()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(new[] { SinchBatchState.Scheduled, SinchBatchState.Processed }) };

        var events = Poller(script).Wait(new[] { Status("a", SinchBatchState.Scheduled, _now.AddHours(2)) }, TimeSpan.FromHours(3), untilDue: true, CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.Final, events.Last().Kind);
        Assert.Equal(new[] { TimeSpan.FromHours(2) - StatusPoller.DueLead, TimeSpan.FromSeconds(2) }, _sleeps);
    }

    [Fact]
    public void A_batch_being_cancelled_is_polled_at_the_interval_though_scheduled_ahead()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(new[] { SinchBatchState.Scheduled, SinchBatchState.Cancelled }) };

        var events = Poller(script).Wait(new[] { Status("a", SinchBatchState.Scheduled, _now.AddHours(2)) }, TimeSpan.FromHours(3), untilDue: false, CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.Final, events.Last().Kind);
        Assert.Equal(new[] { 1, 2 }, _sleeps.Select(s => (int)s.TotalSeconds));
    }

    [Fact]
    public void A_batch_already_due_keeps_the_polling_at_the_interval_for_all()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>>
        {
            ["ready"] = new(new[] { SinchBatchState.Processed }),
            ["later"] = new(new[] { SinchBatchState.Processed }),
        };

        var events = Poller(script).Wait(new[] { Status("ready", SinchBatchState.Ready), Status("later", SinchBatchState.Scheduled, _now.AddHours(2)) }, TimeSpan.FromHours(3), untilDue: true, CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.Final, events.Last().Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), _sleeps[0]);
    }

    [Fact]
    public void A_time_limit_before_the_batch_is_due_cuts_the_sleep_short()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(Enumerable.Repeat(SinchBatchState.Scheduled, 10)) };

        var events = Poller(script).Wait(new[] { Status("a", SinchBatchState.Scheduled, _now.AddHours(2)) }, TimeSpan.FromMinutes(10), untilDue: true, CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.TimedOut, events.Last().Kind);
        Assert.Equal(new[] { TimeSpan.FromMinutes(10) }, _sleeps);
    }

    [Fact]
    public void The_default_time_limit_is_an_hour_past_the_latest_send_time()
    {
        Assert.Equal(TimeSpan.FromHours(3), StatusPoller.DefaultTimeout(new[] { Status("a", SinchBatchState.Scheduled, _now.AddHours(2)), Status("b", SinchBatchState.Scheduled, _now.AddMinutes(5)) }, _now));
        Assert.Equal(TimeSpan.FromHours(1), StatusPoller.DefaultTimeout(new[] { Status("a", SinchBatchState.Ready, _now.AddMinutes(-5)), Status("b", SinchBatchState.Ready) }, _now));
        Assert.Equal(TimeSpan.FromHours(1), StatusPoller.DefaultTimeout(Array.Empty<SinchBatchStatus>(), _now));
    }

    [Fact]
    public void Reads_up_to_the_throttle_limit_at_once_and_no_more()
    {
        const int limit = 3;
        const int count = 8;
        var reads = new HeldRequests<SinchBatchStatus>();
        var poller = new StatusPoller((last, _) => reads.Start(last.BatchId), limit, () => _now, (span, _) => _now += span);
        var batches = Enumerable.Range(1, count).Select(i => Status("b" + i, SinchBatchState.Ready)).ToArray();
        var finals = new List<PollEvent>();
        var starter = new StarterThread(() => finals.AddRange(poller.Wait(batches, TimeSpan.FromHours(1), untilDue: true, CancellationToken.None).Where(e => e.Kind == PollEventKind.Final)));

        // Each read held until the poller waits for room.
        reads.EndOneByOne(starter, limit, batches.Select(b => b.BatchId).ToArray(), id => Status(id, SinchBatchState.Processed));

        Assert.Equal(batches.Select(b => b.BatchId), finals.Select(e => e.Status.BatchId));
    }
}
