using System;
using System.Globalization;
using System.Linq;

namespace SinchBatch.Validation;

/// <summary>Turns what a user may give as -Ttl into the API's "Ns" form.</summary>
internal static class TtlParser
{
    public const long MinSeconds = 3;
    public const long MaxSeconds = 315_576_000_000;
    public const string ErrorId = "SinchBatch.InvalidTtl";

    /// <summary>
    /// Accepts a TimeSpan (whole seconds) or a string "Ns" (also "Nm", "Nh", "Nd" for minutes,
    /// hours, days). A bare number, integer or string, is refused: -Ttl 24 may mean hours as
    /// easily as seconds, and the API says "Ns".
    /// </summary>
    public static string Parse(object? value)
    {
        long seconds = value switch
        {
            TimeSpan span => FromTimeSpan(span),
            int or long or short or byte or uint or ushort or sbyte or ulong => throw Bare(value),
            string text => FromText(text),
            null => throw Invalid("-Ttl is empty."),
            System.Collections.IEnumerable => throw Invalid("-Ttl takes one time to live, not a list."),
            _ => throw Invalid($"-Ttl does not take a {value.GetType().Name}: give a string such as '24h' or '86400s', or a TimeSpan."),
        };
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            throw OutOfRange(value);
        }

        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static long FromTimeSpan(TimeSpan span)
    {
        if (span.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw Invalid($"-Ttl {span} is not a whole number of seconds; the API counts whole seconds.");
        }

        return span.Ticks / TimeSpan.TicksPerSecond;
    }

    private static long FromText(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(char.IsDigit))
        {
            throw Bare(text);
        }

        if (trimmed.Length < 2)
        {
            throw Unrecognised(text);
        }

        long unit = char.ToLowerInvariant(trimmed[trimmed.Length - 1]) switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => throw Unrecognised(text),
        };
        string digits = trimmed.Substring(0, trimmed.Length - 1);
        foreach (char c in digits)
        {
            if (c < '0' || c > '9')
            {
                throw Unrecognised(text);
            }
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count > MaxSeconds / unit)
        {
            throw OutOfRange(text);
        }

        return count * unit;
    }

    private static SinchBatchException Unrecognised(string text) =>
        Invalid($"-Ttl '{text}' is not a time to live: write whole seconds with the suffix s, such as '86400s' (m, h and d also work: '24h').");

    private static SinchBatchException Bare(object value) =>
        Invalid($"-Ttl {value} is a bare number, which could mean seconds, minutes or hours: say which, such as '24h' or '86400s', or give a TimeSpan such as (New-TimeSpan -Hours 24).");

    private static SinchBatchException OutOfRange(object value) =>
        Invalid($"-Ttl {value} is out of range: the API takes {MinSeconds} to {MaxSeconds:N0} seconds.");

    private static SinchBatchException Invalid(string message) => SinchBatchException.InvalidArgument(ErrorId, message);
}
