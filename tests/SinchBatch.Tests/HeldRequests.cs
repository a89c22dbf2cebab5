using System.Collections.Concurrent;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>
/// Requests that end only when the test says so, each named by an ID: an answer slow to come, without a sleep.
/// Kept without locks, so the thread that starts them never waits here: when it waits, it waits for room.
/// </summary>
internal sealed class HeldRequests<T>
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<T>> _open = new();
    private readonly ConcurrentQueue<string> _started = new();
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>The IDs of the requests started, in the order they started.</summary>
    public string[] Started => _started.ToArray();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public Task<T> Start(string id)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(_open.TryAdd(id, done), $"{id} started twice.");
        int inFlight = Interlocked.Increment(ref _inFlight);
        int most;
        while (inFlight > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) != most)
        {
        }

        // Counted last, so a test that sees it started sees all of the above.
        _started.Enqueue(id);
        return done.Task;
    }

    public void Release(string id, T answer) => End(id).SetResult(answer);

    public void Fail(string id, Exception error) => End(id).SetException(error);

    /// <summary>Waits, with a deadline, until at least <paramref name="count"/> requests have started.</summary>
    public void WaitUntilStarted(int count) =>
        Assert.True(SpinWait.SpinUntil(() => _started.Count >= count, StarterThread.Deadline), $"Waited in vain for {count} started; started: {string.Join(", ", Started)}.");

    /// <summary>
    /// Holds each answer until <paramref name="starter"/> waits, then checks that exactly the limit's worth are in flight
    /// and no more have started (nor been <paramref name="handedOver"/>, where a request starts on another thread), and
    /// ends the oldest: the limit is reached and never passed.
    /// </summary>
    public void EndOneByOne(StarterThread starter, int limit, IReadOnlyList<string> ids, Func<string, T> answer, Func<int>? handedOver = null)
    {
        for (int ended = 0; ended < ids.Count; ended++)
        {
            int started = Math.Min(ids.Count, ended + limit);
            WaitUntilStarted(started);
            starter.WaitUntilWaiting();
            if (handedOver is not null)
            {
                Assert.Equal(started, handedOver());
            }

            Assert.Equal(started, _started.Count);
            Assert.Equal(started - ended, InFlight);
            Release(ids[ended], answer(ids[ended]));
        }

        starter.Join();
        Assert.Equal(Math.Min(limit, ids.Count), MostInFlight);
    }

    private TaskCompletionSource<T> End(string id)
    {
        Assert.True(_open.TryRemove(id, out TaskCompletionSource<T>? done), $"{id} is not in flight.");
        Interlocked.Decrement(ref _inFlight);
        return done!;
    }
}
