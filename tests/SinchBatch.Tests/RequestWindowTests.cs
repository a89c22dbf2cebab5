using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class RequestWindowTests
{
    private readonly List<string> _settled = new();

    private void Start(RequestWindow window, string name, Task<string> request) =>
        window.Start(() => request, answer => _settled.Add(answer), ex => _settled.Add(name + ": " + ex.ErrorId));

    [Fact]
    public void Answers_are_settled_in_the_order_the_requests_were_started_whichever_ends_first()
    {
        var window = new RequestWindow(4);
        var answers = Enumerable.Range(1, 4).Select(_ => new TaskCompletionSource<string>()).ToArray();

        // Started on another thread, so a window that waits while it has room fails the test rather than hanging it.
        new StarterThread(() =>
        {
            for (int i = 0; i < answers.Length; i++)
            {
                Start(window, "r" + (i + 1), answers[i].Task);
            }
        }).Join();

        answers[3].SetResult("r4");
        answers[1].SetResult("r2");
        window.SettleEnded();
        Assert.Empty(_settled);

        answers[0].SetResult("r1");
        window.SettleEnded();
        Assert.Equal(new[] { "r1", "r2" }, _settled);

        answers[2].SetResult("r3");
        window.SettleAll();
        Assert.Equal(new[] { "r1", "r2", "r3", "r4" }, _settled);
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void The_limit_of_requests_in_flight_is_reached_and_never_passed()
    {
        const int limit = 5;
        const int count = 12;
        var requests = new HeldRequests<string>();
        var window = new RequestWindow(limit);
        var starter = new StarterThread(() =>
        {
            for (int i = 1; i <= count; i++)
            {
                string id = "r" + i;
                window.Start(() => requests.Start(id), answer => _settled.Add(answer), _ => { });
            }

            window.SettleAll();
        });

        // Each answer held until the window waits for room.
        requests.EndOneByOne(starter, limit, Enumerable.Range(1, count).Select(i => "r" + i).ToArray(), id => id);

        Assert.Equal(Enumerable.Range(1, count).Select(i => "r" + i), _settled);
    }

    [Fact]
    public void A_request_is_not_started_until_the_oldest_has_been_settled_when_the_window_is_full()
    {
        var window = new RequestWindow(2);
        var requests = new HeldRequests<string>();
        var starter = new StarterThread(() =>
        {
            window.Start(() => requests.Start("r1"), answer => _settled.Add(answer), _ => { });
            Start(window, "r2", Task.FromResult("r2"));
            window.Start(() => requests.Start("r3"), answer => _settled.Add(answer), _ => { });
            window.SettleAll();
        });

        // The window waits for r1, the oldest, though r2 has ended.
        requests.WaitUntilStarted(1);
        starter.WaitUntilWaiting();
        Assert.Equal(new[] { "r1" }, requests.Started);

        requests.Release("r1", "r1");
        requests.WaitUntilStarted(2);
        requests.Release("r3", "r3");
        starter.Join();

        Assert.Equal(new[] { "r1", "r3" }, requests.Started);
        Assert.Equal(new[] { "r1", "r2", "r3" }, _settled);
    }

    [Fact]
    public void A_failed_request_is_settled_in_its_place_and_the_others_go_on()
    {
        var window = new RequestWindow(3);
        Start(window, "r1", Task.FromResult("r1"));
        Start(window, "r2", Task.FromException<string>(new SinchBatchException("SinchBatch.BatchNotFound", SinchErrorCategory.ObjectNotFound, "gone")));
        Start(window, "r3", Task.FromResult("r3"));

        window.SettleAll();

        Assert.Equal(new[] { "r1", "r2: SinchBatch.BatchNotFound", "r3" }, _settled);
    }

    [Fact]
    public void A_request_started_while_settling_joins_the_end_of_the_window()
    {
        var window = new RequestWindow(2);
        window.Start(() => Task.FromResult("read 1"), answer =>
        {
            _settled.Add(answer);
            Start(window, "cancel 1", Task.FromResult("cancel 1"));
        }, _ => { });
        Start(window, "read 2", Task.FromResult("read 2"));

        Start(window, "read 3", Task.FromResult("read 3"));
        window.SettleAll();

        Assert.Equal(new[] { "read 1", "read 2", "cancel 1", "read 3" }, _settled);
    }

    [Fact]
    public void A_request_that_fails_before_it_is_under_way_is_settled_in_its_turn()
    {
        var window = new RequestWindow(3);
        var first = new TaskCompletionSource<string>();
        Start(window, "r1", first.Task);
        window.Start<string>(() => throw new SinchBatchException("SinchBatch.MissingProjectId", SinchErrorCategory.InvalidArgument, "no project"), answer => _settled.Add(answer), ex => _settled.Add("r2: " + ex.ErrorId));

        window.SettleEnded();
        Assert.Empty(_settled);
        first.SetResult("r1");
        window.SettleAll();

        Assert.Equal(new[] { "r1", "r2: SinchBatch.MissingProjectId" }, _settled);
    }

    [Fact]
    public void Cancellation_is_thrown_not_settled_as_a_failure()
    {
        var window = new RequestWindow(2);
        Start(window, "r1", Task.FromCanceled<string>(new CancellationToken(canceled: true)));

        Assert.ThrowsAny<OperationCanceledException>(() => window.SettleAll());
        Assert.Empty(_settled);
    }
}
