using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace SinchBatch.Client;

/// <summary>
/// When to try a request again, and how long to wait first. Reads (GET) and cancellations
/// (DELETE) are retried on 429, 408, 5xx and network errors. A send (POST) is retried only where
/// Sinch surely did not act: 429, 503 and a connection never made; a 500, a gateway error, a
/// time-out or a broken connection is ambiguous and never re-sent, as that could message
/// customers twice. Waits grow exponentially with jitter up to a cap and honour Retry-After.
/// Retries stop at a number of retries or a total wait, whichever comes first; a 429 is a request
/// to slow down rather than a failure, so only the total wait bounds it.
/// </summary>
internal sealed class RetryPolicy
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Random _random;

    public RetryPolicy(int maximumRetryCount, TimeSpan maximumRetryTime, Random? random = null)
    {
        MaximumRetryCount = maximumRetryCount;
        MaximumRetryTime = maximumRetryTime;
        _random = random ?? new Random();
    }

    /// <summary>Suits an unattended runbook: rides out a minute or two of rate limiting or an outage.</summary>
    public static RetryPolicy Default => new(DefaultRetryCount, DefaultRetryTime);

    public const int DefaultRetryCount = 8;

    public static readonly TimeSpan DefaultRetryTime = TimeSpan.FromMinutes(5);

    public int MaximumRetryCount { get; }

    /// <summary>The most one request may spend waiting between its attempts.</summary>
    public TimeSpan MaximumRetryTime { get; }

    public static bool MayRetry(bool idempotent, FailureKind kind, int status) => kind switch
    {
        FailureKind.NotConnected => true,
        FailureKind.Interrupted => idempotent,
        _ => status == 429 || status == 503 || (idempotent && (status == 408 || status >= 500)),
    };

    /// <summary>A send that failed this way may or may not have been acted on.</summary>
    public static bool IsAmbiguous(bool idempotent, FailureKind kind, int status) =>
        !idempotent && (kind == FailureKind.Interrupted || (kind == FailureKind.Status && status >= 500 && status != 503));

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < MaxDelay ? asked : MaxDelay;
        }

        double capped = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 16)));
        double jitter;
        lock (_random)
        {
            jitter = _random.NextDouble();
        }

        // Equal jitter: at least half the backoff, so retries spread out but still back off.
        return TimeSpan.FromMilliseconds((capped / 2) + (jitter * capped / 2));
    }

    /// <summary>Reads why a request got no answer: a connection never made, or one that broke.</summary>
    public static FailureKind Classify(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData
                or SocketError.AddressNotAvailable)
            {
                return FailureKind.NotConnected;
            }
        }

        return FailureKind.Interrupted;
    }

    /// <summary>Retry-After as seconds or as an HTTP date; null when absent.</summary>
    public static TimeSpan? RetryAfter(System.Net.Http.HttpResponseMessage response, DateTime now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date.UtcDateTime - now : null;
    }
}
