using System;
using System.Globalization;

namespace SinchBatch.Validation;

/// <summary>
/// The rules for send_after: UTC, not in the past, at most seven days ahead once Sinch has
/// rounded it up to the next five-minute mark (times under a minute ahead are kept as they are).
/// </summary>
internal static class ScheduleWindow
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);
    private static readonly TimeSpan KeptAsIs = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>Checks a requested time and returns it in UTC, to the second, as it goes on the wire.</summary>
    public static DateTime Validate(DateTime requested, DateTime nowUtc)
    {
        DateTime utc = ToUtcSeconds(requested);
        if (utc < nowUtc - KeptAsIs)
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.SendAfterInPast",
                $"-SendAfter {Format(utc)} is in the past (now is {Format(nowUtc)}). Leave -SendAfter out to send now.");
        }

        // Rounding only moves a time later, so one already past the limit need not be rounded (nor overflow).
        DateTime rounded = utc - nowUtc > MaxDelay ? utc : Preview(utc, nowUtc);
        if (rounded > nowUtc + MaxDelay)
        {
            // The latest time whose rounding stays within the limit: the last five-minute mark before it.
            DateTime limit = nowUtc + MaxDelay;
            DateTime latest = new(limit.Ticks - (limit.Ticks % Step.Ticks), DateTimeKind.Utc);
            bool aWeek = utc - nowUtc <= MaxDelay + Step;
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.SendAfterTooFar",
                $"-SendAfter asks for {Format(utc)}, which Sinch would round up to {Format(rounded)}: more than 7 days ahead. "
                + $"The latest time that can be asked for now is {Format(latest)}."
                + (aWeek ? " For a week from now, use (Get-Date).AddDays(7).AddMinutes(-5)." : ""));
        }

        return utc;
    }

    /// <summary>The time Sinch will report: kept under a minute ahead, else rounded up to the next five-minute mark.</summary>
    public static DateTime Preview(DateTime utc, DateTime nowUtc)
    {
        if (utc - nowUtc < KeptAsIs)
        {
            return utc;
        }

        long remainder = utc.Ticks % Step.Ticks;
        return remainder == 0 ? utc : new DateTime(utc.Ticks - remainder + Step.Ticks, DateTimeKind.Utc);
    }

    /// <summary>A local or unspecified time is taken as local time, as ToUniversalTime does.</summary>
    public static DateTime ToUtcSeconds(DateTime value)
    {
        DateTime utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
