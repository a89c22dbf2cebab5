using System.Net;
using System.Net.Sockets;
using System.Text;
using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(true, 429, true)]
    [InlineData(true, 408, true)]
    [InlineData(true, 500, true)]
    [InlineData(true, 502, true)]
    [InlineData(true, 503, true)]
    [InlineData(true, 400, false)]
    [InlineData(true, 404, false)]
    [InlineData(false, 429, true)]
    [InlineData(false, 503, true)]
    [InlineData(false, 500, false)]
    [InlineData(false, 502, false)]
    [InlineData(false, 504, false)]
    [InlineData(false, 400, false)]
    public void Which_statuses_are_retried(bool idempotent, int status, bool retried) =>
        Assert.Equal(retried, RetryPolicy.MayRetry(idempotent, FailureKind.Status, status));

    [Fact]
    public void A_connection_never_made_is_retried_for_every_method_a_broken_one_only_for_reads()
    {
        Assert.True(RetryPolicy.MayRetry(false, FailureKind.NotConnected, 0));
        Assert.True(RetryPolicy.MayRetry(true, FailureKind.Interrupted, 0));
        Assert.False(RetryPolicy.MayRetry(false, FailureKind.Interrupted, 0));
    }

    [Theory]
    [InlineData(false, "Interrupted", 0, true)]
    [InlineData(false, "Status", 500, true)]
    [InlineData(false, "Status", 504, true)]
    [InlineData(false, "Status", 503, false)]
    [InlineData(false, "Status", 429, false)]
    [InlineData(false, "NotConnected", 0, false)]
    [InlineData(true, "Interrupted", 0, false)]
    [InlineData(true, "Status", 500, false)]
    public void What_leaves_a_send_ambiguous(bool idempotent, string kind, int status, bool ambiguous) =>
        Assert.Equal(ambiguous, RetryPolicy.IsAmbiguous(idempotent, Enum.Parse<FailureKind>(kind), status));

    [Fact]
    public void Waits_grow_with_jitter_up_to_the_cap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromMinutes(5), new Random(1));
        for (int retry = 1; retry <= 12; retry++)
        {
            double full = Math.Min(30_000, 500 * Math.Pow(2, retry - 1));
            Assert.InRange(policy.Delay(retry, null).TotalMilliseconds, full / 2, full);
        }
    }

    [Fact]
    public void Retry_after_is_honoured_up_to_the_cap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(RetryPolicy.MaxDelay, policy.Delay(1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_a_date()
    {
        var now = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
        var seconds = new HttpResponseMessage((HttpStatusCode)429);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "3");
        var date = new HttpResponseMessage((HttpStatusCode)429);
        date.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(10).ToString("R"));

        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.RetryAfter(seconds, now));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.RetryAfter(date, now));
        Assert.Null(RetryPolicy.RetryAfter(new HttpResponseMessage((HttpStatusCode)429), now));
    }

    [Fact]
    public void A_refused_connection_is_one_never_made()
    {
        Assert.Equal(FailureKind.NotConnected, RetryPolicy.Classify(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(FailureKind.Interrupted, RetryPolicy.Classify(new HttpRequestException("x", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))));
        Assert.Equal(FailureKind.Interrupted, RetryPolicy.Classify(new TaskCanceledException("time-out")));
    }
}
