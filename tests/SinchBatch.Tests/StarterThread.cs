using System.Runtime.ExceptionServices;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>
/// A thread that starts requests as the pipeline thread does, so a test sees when it waits (for room, or for an answer)
/// rather than guessing how long that takes.
/// </summary>
internal sealed class StarterThread
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly Thread _thread;
    private Exception? _error;

    public StarterThread(Action start)
    {
        _thread = new Thread(() =>
        {
            try
            {
                start();
            }
            catch (Exception ex)
            {
                _error = ex;
            }
        })
        { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Waits, with a deadline, until the thread is blocked or has ended; what it did up to then is done.</summary>
    public void WaitUntilWaiting()
    {
        Assert.True(
            SpinWait.SpinUntil(() => (_thread.ThreadState & (ThreadState.WaitSleepJoin | ThreadState.Stopped)) != 0, Deadline),
            "The starting thread never waited.");
        Rethrow();
    }

    /// <summary>Waits, with a deadline, for the thread to end, and throws what it threw.</summary>
    public void Join()
    {
        Assert.True(_thread.Join(Deadline), "The starting thread did not end.");
        Rethrow();
    }

    private void Rethrow()
    {
        if (!_thread.IsAlive && _error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }
    }
}
