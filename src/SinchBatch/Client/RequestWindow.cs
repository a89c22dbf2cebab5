using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SinchBatch.Client;

/// <summary>
/// Keeps up to a limit of requests in flight and settles them in the order they were started, on the
/// caller's thread: the pipeline thread alone writes, and writes in input order however the answers
/// arrive. It never holds more than the limit, so memory stays flat over a pipeline of any length.
/// </summary>
internal sealed class RequestWindow
{
    private readonly Queue<(Task Request, Action Settle)> _started = new();
    private readonly int _limit;

    public RequestWindow(int limit) => _limit = limit;

    /// <summary>Requests started and not yet settled.</summary>
    public int Count => _started.Count;

    /// <summary>
    /// Starts a request once fewer than the limit are in the window, settling the oldest first. When the request
    /// is settled, <paramref name="done"/> gets its answer or <paramref name="failed"/> its SinchBatchException; either
    /// may start requests of their own, which join the end of the window.
    /// </summary>
    public void Start<T>(Func<Task<T>> request, Action<T> done, Action<SinchBatchException> failed)
    {
        while (_started.Count >= _limit)
        {
            SettleOldest();
        }

        Task<T> started;
        try
        {
            started = request();
        }
        catch (Exception ex)
        {
            // Failing before its first await (no client for the project, say) is settled in its turn like any failure.
            started = Task.FromException<T>(ex);
        }

        _started.Enqueue((started, () =>
        {
            T answer;
            try
            {
                answer = started.GetAwaiter().GetResult();
            }
            catch (SinchBatchException ex)
            {
                failed(ex);
                return;
            }

            done(answer);
        }));
    }

    /// <summary>Settles, oldest first, the requests that have ended; stops at the first still in flight.</summary>
    public void SettleEnded()
    {
        while (_started.Count > 0 && _started.Peek().Request.IsCompleted)
        {
            SettleOldest();
        }
    }

    /// <summary>Waits for every request in the window, settling each in turn (and those they start).</summary>
    public void SettleAll()
    {
        while (_started.Count > 0)
        {
            SettleOldest();
        }
    }

    /// <summary>
    /// Waits for the oldest request and settles it. Anything but a SinchBatchException (Ctrl+C's cancellation, a bug)
    /// is thrown here, to end the command.
    /// </summary>
    private void SettleOldest()
    {
        // Taken off first, so what settling starts finds room.
        _started.Dequeue().Settle();
    }
}
