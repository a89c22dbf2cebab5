using System;
using System.Threading;

namespace SinchBatch.Client;

/// <summary>
/// A pause shared by every request of a client: a 429 tells them all to wait, so a storm of
/// rate limiting slows the whole send down instead of each request hammering on.
/// </summary>
internal sealed class RateGate
{
    private readonly Func<DateTime> _clock;
    private long _resumeAtTicks;

    /// <param name="clock">Now, in UTC: the pause ends by it.</param>
    public RateGate(Func<DateTime>? clock = null) => _clock = clock ?? (() => DateTime.UtcNow);

    public void PauseFor(TimeSpan delay)
    {
        long resumeAt = _clock().Ticks + delay.Ticks;
        long seen;
        while (resumeAt > (seen = Interlocked.Read(ref _resumeAtTicks)) && Interlocked.CompareExchange(ref _resumeAtTicks, resumeAt, seen) != seen)
        {
        }
    }

    /// <summary>How long a request must still wait before it goes.</summary>
    public TimeSpan Remaining => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _resumeAtTicks) - _clock().Ticks));
}
