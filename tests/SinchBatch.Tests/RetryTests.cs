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

public class RequestSenderTests
{
    /// <summary>Answers requests from a script: a status, or an exception thrown as the network would.</summary>
    private sealed class Scripted : HttpMessageHandler
    {
        private readonly Queue<object> _answers;

        public Scripted(params object[] answers) => _answers = new Queue<object>(answers);

        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            object next = _answers.Dequeue();
            if (next is Exception error)
            {
                throw error;
            }

            var response = new HttpResponseMessage((HttpStatusCode)(int)next) { Content = new StringContent("""{"error":{"code":1,"message":"m","status":"S"}}""", Encoding.UTF8) };
            if ((int)next == 429)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", "0");
            }

            return Task.FromResult(response);
        }
    }

    private static readonly HttpRequestException Refused = new("refused", new SocketException((int)SocketError.ConnectionRefused));
    private static readonly HttpRequestException Reset = new("reset", new IOException("Connection reset by peer"));

    private static (RequestSender Sender, List<string> Log) Sender(Scripted handler, int retries = 3)
    {
        var log = new List<string>();
        return (new RequestSender(new HttpClient(handler), new RetryPolicy(retries, TimeSpan.FromMinutes(1), new Random(1)), log.Add, (_, _) => Task.CompletedTask), log);
    }

    private static Task<HttpResponseMessage> Send(RequestSender sender, HttpMethod method) =>
        sender.SendAsync(() => Task.FromResult(new HttpRequestMessage(method, "http://127.0.0.1/v1/x")), method != HttpMethod.Post, null, CancellationToken.None);

    [Fact]
    public async Task A_send_is_retried_after_a_503_and_a_connection_never_made()
    {
        var handler = new Scripted(503, Refused, 200);
        var (sender, log) = Sender(handler);

        using HttpResponseMessage response = await Send(sender, HttpMethod.Post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, handler.Requests);
        Assert.Contains(log, l => l.StartsWith("POST /v1/x -> no answer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    public async Task A_send_that_got_a_server_error_is_never_sent_again(int status)
    {
        var handler = new Scripted(status, 200);
        var error = await Assert.ThrowsAsync<SinchBatchException>(() => Send(Sender(handler).Sender, HttpMethod.Post));
        Assert.Equal("SinchBatch.OutcomeUnknown", error.ErrorId);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task A_send_whose_connection_broke_is_never_sent_again()
    {
        var handler = new Scripted(Reset, 200);
        Assert.Equal("SinchBatch.OutcomeUnknown", (await Assert.ThrowsAsync<SinchBatchException>(() => Send(Sender(handler).Sender, HttpMethod.Post))).ErrorId);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task A_read_is_retried_after_a_500_and_a_broken_connection()
    {
        var handler = new Scripted(500, Reset, 200);
        using HttpResponseMessage response = await Send(Sender(handler).Sender, HttpMethod.Get);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task Retries_stop_at_the_count_and_say_so()
    {
        var handler = new Scripted(503, 503, 503, 503, 200);
        var error = await Assert.ThrowsAsync<SinchBatchException>(() => Send(Sender(handler, retries: 2).Sender, HttpMethod.Get));
        Assert.Equal("SinchBatch.ServiceError", error.ErrorId);
        Assert.Contains("gave up after 2 retries", error.Message);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task Rate_limiting_does_not_use_up_the_retries()
    {
        var handler = new Scripted(429, 429, 429, 429, 429, 200);
        using HttpResponseMessage response = await Send(Sender(handler, retries: 1).Sender, HttpMethod.Post);
        Assert.Equal(6, handler.Requests);
    }

    [Fact]
    public async Task Retries_stop_when_the_next_wait_would_pass_the_time_limit()
    {
        var handler = new Scripted(503, 503, 503, 503, 503, 503, 200);
        var waits = new List<TimeSpan>();
        var sender = new RequestSender(
            new HttpClient(handler), new RetryPolicy(10, TimeSpan.FromSeconds(3), new Random(1)), _ => { }, (span, _) => { waits.Add(span); return Task.CompletedTask; });

        await Assert.ThrowsAsync<SinchBatchException>(() => Send(sender, HttpMethod.Get));

        Assert.InRange(TimeSpan.FromTicks(waits.Sum(w => w.Ticks)), TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(3));
        Assert.Equal(waits.Count + 1, handler.Requests);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var handler = new Scripted(400, 200);
        Assert.Equal("SinchBatch.RequestRejected", (await Assert.ThrowsAsync<SinchBatchException>(() => Send(Sender(handler).Sender, HttpMethod.Post))).ErrorId);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task A_refusal_is_renewed_once_and_only_once()
    {
        var handler = new Scripted(401, 401, 200);
        int renewals = 0;
        var error = await Assert.ThrowsAsync<SinchBatchException>(() => Sender(handler).Sender.SendAsync(
            () => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/v1/x")), false, _ => ++renewals > 0, CancellationToken.None));
        Assert.Equal("SinchBatch.AuthenticationFailed", error.ErrorId);
        Assert.Equal(1, renewals);
        Assert.Equal(2, handler.Requests);
    }
}
