using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SinchBatch.Polling;

/// <summary>What happened while waiting: a batch reached a final status, is still waiting, ran out of time, or could not be read.</summary>
internal sealed class PollEvent
{
    private PollEvent(PollEventKind kind, SinchBatchStatus status, IReadOnlyList<SinchBatchStatus>? pending = null, Exception? error = null)
    {
        Kind = kind;
        Status = status;
        Pending = pending ?? Array.Empty<SinchBatchStatus>();
        Error = error;
    }

    public PollEventKind Kind { get; }

    /// <summary>The batch's last known status.</summary>
    public SinchBatchStatus Status { get; }

    /// <summary>With Waiting: every batch still waited for.</summary>
    public IReadOnlyList<SinchBatchStatus> Pending { get; }

    public Exception? Error { get; }

    public static PollEvent Final(SinchBatchStatus status) => new(PollEventKind.Final, status);

    public static PollEvent Waiting(List<SinchBatchStatus> pending) => new(PollEventKind.Waiting, pending[0], pending.ToArray());

    public static PollEvent TimedOut(SinchBatchStatus last) => new(PollEventKind.TimedOut, last);

    public static PollEvent Failed(SinchBatchStatus last, Exception error) => new(PollEventKind.Failed, last, error: error);
}

internal enum PollEventKind
{
    Final,
    Waiting,
    TimedOut,
    Failed,
}

/// <summary>
/// Polls batches until each is Processed or Cancelled, at a growing interval (1 s doubling to
/// 30 s), within a time limit. It yields events for the caller's thread to write, so output and
/// progress stay on the pipeline thread; the reads and the sleeps honour cancellation.
/// </summary>
internal sealed class StatusPoller
{
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    private readonly Func<SinchBatchStatus, CancellationToken, Task<SinchBatchStatus>> _read;
    private readonly Func<DateTime> _clock;
    private readonly Action<TimeSpan, CancellationToken> _sleep;

    public StatusPoller(Func<SinchBatchStatus, CancellationToken, Task<SinchBatchStatus>> read, Func<DateTime>? clock = null, Action<TimeSpan, CancellationToken>? sleep = null)
    {
        _read = read;
        _clock = clock ?? (() => DateTime.UtcNow);
        _sleep = sleep ?? ((span, cancel) => cancel.WaitHandle.WaitOne(span));
    }

    /// <summary>The pause before poll <paramref name="round"/> (0-based): 1, 2, 4, 8, 16, then 30 seconds.</summary>
    public static TimeSpan Interval(int round) => TimeSpan.FromSeconds(Math.Min(MaxInterval.TotalSeconds, Math.Pow(2, Math.Min(round, 10))));

    public IEnumerable<PollEvent> Wait(IEnumerable<SinchBatchStatus> known, TimeSpan timeout, CancellationToken cancel)
    {
        var pending = new List<SinchBatchStatus>();
        foreach (SinchBatchStatus status in known)
        {
            if (status.IsFinal)
            {
                yield return PollEvent.Final(status);
            }
            else
            {
                pending.Add(status);
            }
        }

        DateTime deadline = _clock() + timeout;
        for (int round = 0; pending.Count > 0; round++)
        {
            TimeSpan left = deadline - _clock();
            if (left <= TimeSpan.Zero)
            {
                foreach (SinchBatchStatus last in pending)
                {
                    yield return PollEvent.TimedOut(last);
                }

                yield break;
            }

            yield return PollEvent.Waiting(pending);
            _sleep(Interval(round) < left ? Interval(round) : left, cancel);
            cancel.ThrowIfCancellationRequested();
            foreach (SinchBatchStatus last in pending.ToArray())
            {
                SinchBatchStatus? now = null;
                Exception? error = null;
                try
                {
                    now = _read(last, cancel).GetAwaiter().GetResult();
                }
                catch (SinchBatchException ex)
                {
                    error = ex;
                }

                if (error is not null)
                {
                    pending.Remove(last);
                    yield return PollEvent.Failed(last, error);
                }
                else if (now!.IsFinal)
                {
                    pending.Remove(last);
                    yield return PollEvent.Final(now);
                }
                else
                {
                    pending[pending.IndexOf(last)] = now;
                }
            }
        }
    }
}
