using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Client;

namespace SinchBatch.Polling;

/// <summary>
/// Polls batches until each is Processed or Cancelled, within a time limit, reading up to a throttle limit
/// of them at once. The interval grows from 1 s doubling to 30 s; a batch scheduled ahead, whose status
/// changes only at its SendAfter, is left alone until shortly before then. It yields events for the
/// caller's thread to write, so output and progress stay on the pipeline thread, and each batch's outcome
/// in the order the batches were given; the reads and the sleeps honour cancellation.
/// </summary>
internal sealed class StatusPoller
{
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long before a batch's SendAfter it is read again: Sinch's clock and this one may differ a little.</summary>
    public static readonly TimeSpan DueLead = TimeSpan.FromSeconds(10);

    /// <summary>How long past the latest SendAfter a wait lasts unless told otherwise: Sinch sends a batch soon after its time.</summary>
    public static readonly TimeSpan PastDue = TimeSpan.FromHours(1);

    private readonly Func<SinchBatchStatus, CancellationToken, Task<SinchBatchStatus>> _read;
    private readonly int _throttleLimit;
    private readonly Func<DateTime> _clock;
    private readonly Action<TimeSpan, CancellationToken> _sleep;

    public StatusPoller(
        Func<SinchBatchStatus, CancellationToken, Task<SinchBatchStatus>> read,
        int throttleLimit,
        Func<DateTime>? clock = null,
        Action<TimeSpan, CancellationToken>? sleep = null)
    {
        _read = read;
        _throttleLimit = throttleLimit;
        _clock = clock ?? (() => DateTime.UtcNow);
        _sleep = sleep ?? ((span, cancel) => cancel.WaitHandle.WaitOne(span));
    }

    /// <summary>The pause before poll <paramref name="round"/> (0-based): 1, 2, 4, 8, 16, then 30 seconds.</summary>
    public static TimeSpan Interval(int round) => TimeSpan.FromSeconds(Math.Min(MaxInterval.TotalSeconds, Math.Pow(2, Math.Min(round, 10))));

    /// <summary>
    /// How long to wait when no time limit is given: until an hour past the latest SendAfter, so a batch scheduled
    /// hours ahead is waited for; an hour from now for batches already due.
    /// </summary>
    public static TimeSpan DefaultTimeout(IEnumerable<SinchBatchStatus> batches, DateTime now)
    {
        DateTime latest = batches.Select(b => b.SendAfter ?? now).Concat(new[] { now }).Max();
        return TimeSpan.FromSeconds(Math.Ceiling((latest - now + PastDue).TotalSeconds));
    }

    /// <summary>
    /// The pause before the next reads: the growing interval, or, when <paramref name="untilDue"/> and every batch
    /// still waited for is scheduled ahead, until shortly before the earliest is due.
    /// </summary>
    public static TimeSpan Pause(int round, IEnumerable<SinchBatchStatus> pending, bool untilDue, DateTime now)
    {
        TimeSpan pause = Interval(round);
        if (untilDue)
        {
            DateTime wake = pending.Min(s => s.Status == SinchBatchState.Scheduled && s.SendAfter is { } at ? at - DueLead : now);
            if (wake - now > pause)
            {
                pause = wake - now;
            }
        }

        return pause;
    }

    /// <param name="untilDue">Whether a Scheduled batch can change only at its SendAfter: true when reading, false for one being cancelled.</param>
    public IEnumerable<PollEvent> Wait(IReadOnlyList<SinchBatchStatus> known, TimeSpan timeout, bool untilDue, CancellationToken cancel)
    {
        SinchBatchStatus[] last = known.ToArray();

        // Each batch's outcome once it has one; they are yielded from the front, so in the order given.
        var outcomes = new PollEvent?[last.Length];
        for (int i = 0; i < last.Length; i++)
        {
            if (last[i].IsFinal)
            {
                outcomes[i] = PollEvent.Final(last[i]);
            }
        }

        int yielded = 0;
        DateTime deadline = _clock() + timeout;
        for (int round = 0; ; round++)
        {
            while (yielded < outcomes.Length && outcomes[yielded] is { } outcome)
            {
                yield return outcome;
                yielded++;
            }

            if (yielded == outcomes.Length)
            {
                yield break;
            }

            List<int> pending = Enumerable.Range(yielded, outcomes.Length - yielded).Where(i => outcomes[i] is null).ToList();
            DateTime now = _clock();
            if (now >= deadline)
            {
                foreach (int i in pending)
                {
                    outcomes[i] = PollEvent.TimedOut(last[i]);
                }

                continue;
            }

            yield return PollEvent.Waiting(pending.Select(i => last[i]).ToList());
            TimeSpan pause = Pause(round, pending.Select(i => last[i]), untilDue, now);
            _sleep(pause < deadline - now ? pause : deadline - now, cancel);
            cancel.ThrowIfCancellationRequested();

            var window = new RequestWindow(_throttleLimit);
            foreach (int i in pending)
            {
                window.Start(
                    () => _read(last[i], cancel),
                    read =>
                    {
                        if (read.IsFinal)
                        {
                            outcomes[i] = PollEvent.Final(read);
                        }
                        else
                        {
                            last[i] = read;
                        }
                    },
                    error => outcomes[i] = PollEvent.Failed(last[i], error));
            }

            window.SettleAll();
        }
    }
}
