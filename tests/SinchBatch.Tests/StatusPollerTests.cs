using SinchBatch.Polling;
using Xunit;

namespace SinchBatch.Tests;

public class StatusPollerTests
{
    private DateTime _now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private readonly List<TimeSpan> _sleeps = new();

    private static SinchBatchStatus Status(string id, SinchBatchState state) => new() { BatchId = id, Status = state };

    /// <summary>A poller over scripted answers: each read of a batch takes the next state of its script.</summary>
    private StatusPoller Poller(Dictionary<string, Queue<SinchBatchState>> script) => new(
        (last, _) => script[last.BatchId].Count > 0
            ? Task.FromResult(Status(last.BatchId, script[last.BatchId].Dequeue()))
            : throw new SinchBatchException("SinchBatch.BatchNotFound", SinchErrorCategory.ObjectNotFound, "gone"),
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
        var events = Poller(new()).Wait(new[] { Status("a", SinchBatchState.Cancelled) }, TimeSpan.FromMinutes(1), CancellationToken.None).ToList();

        Assert.Equal(PollEventKind.Final, Assert.Single(events).Kind);
        Assert.Empty(_sleeps);
    }

    [Fact]
    public void Each_batch_is_polled_until_final_at_growing_intervals()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>>
        {
            ["a"] = new(new[] { SinchBatchState.Scheduled, SinchBatchState.Scheduled, SinchBatchState.Processed }),
            ["b"] = new(new[] { SinchBatchState.Cancelled }),
        };

        var finals = Poller(script)
            .Wait(new[] { Status("a", SinchBatchState.Scheduled), Status("b", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), CancellationToken.None)
            .Where(e => e.Kind == PollEventKind.Final)
            .Select(e => (e.Status.BatchId, e.Status.Status))
            .ToList();

        Assert.Equal(new[] { ("b", SinchBatchState.Cancelled), ("a", SinchBatchState.Processed) }, finals);
        Assert.Equal(new[] { 1, 2, 4 }, _sleeps.Select(s => (int)s.TotalSeconds));
    }

    [Fact]
    public void Progress_names_what_is_still_pending()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(new[] { SinchBatchState.Processed }) };

        PollEvent waiting = Poller(script).Wait(new[] { Status("a", SinchBatchState.Ready) }, TimeSpan.FromHours(1), CancellationToken.None).First();

        Assert.Equal(PollEventKind.Waiting, waiting.Kind);
        Assert.Equal("a", Assert.Single(waiting.Pending).BatchId);
    }

    [Fact]
    public void Running_out_of_time_reports_each_pending_batch_with_its_last_status()
    {
        var script = new Dictionary<string, Queue<SinchBatchState>> { ["a"] = new(Enumerable.Repeat(SinchBatchState.Scheduled, 100)) };

        var events = Poller(script).Wait(new[] { Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromSeconds(10), CancellationToken.None).ToList();

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
            .Wait(new[] { Status("gone", SinchBatchState.Scheduled), Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), CancellationToken.None)
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
        var poller = new StatusPoller((last, _) => Task.FromResult(Status("a", SinchBatchState.Scheduled)), () => _now, (_, _) => stop.Cancel());

        Assert.Throws<OperationCanceledException>(() => poller.Wait(new[] { Status("a", SinchBatchState.Scheduled) }, TimeSpan.FromHours(1), stop.Token).ToList());
    }
}
