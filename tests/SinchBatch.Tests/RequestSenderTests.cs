using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class RequestSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Answers requests from a script: a status, a response as given, or an exception thrown as the network would.</summary>
    private sealed class Scripted : HttpMessageHandler
    {
        private readonly Queue<object> _answers;
        private int _requests;

        public Scripted(params object[] answers) => _answers = new Queue<object>(answers);

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            object next;
            lock (_answers)
            {
                next = _answers.Dequeue();
            }

            if (next is Exception error)
            {
                throw error;
            }

            if (next is HttpResponseMessage given)
            {
                return Task.FromResult(given);
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
        return (new RequestSender(new HttpClient(handler), new RetryPolicy(retries, TimeSpan.FromMinutes(1), new Random(1)), log.Add, sleep: (_, _) => Task.CompletedTask), log);
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
            new HttpClient(handler), new RetryPolicy(10, TimeSpan.FromSeconds(3), new Random(1)), _ => { }, sleep: (span, _) => { waits.Add(span); return Task.CompletedTask; });

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

    private static RequestSender Clocked(Scripted handler, Func<DateTime> clock, Func<TimeSpan, CancellationToken, Task> sleep) =>
        new(new HttpClient(handler), new RetryPolicy(3, TimeSpan.FromMinutes(1), new Random(1)), _ => { }, clock, sleep);

    private static HttpResponseMessage RateLimited(Action<HttpResponseHeaders> retryAfter)
    {
        var response = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("{}", Encoding.UTF8) };
        retryAfter(response.Headers);
        return response;
    }

    [Fact]
    public async Task A_429_pauses_every_request_of_the_sender_until_its_retry_after_has_passed_by_the_clock()
    {
        var handler = new Scripted(RateLimited(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(10))), 200, 200);
        DateTime now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var sleeps = new List<TimeSpan>();
        var slept = new SemaphoreSlim(0);
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = Clocked(
            handler,
            () => now,
            (span, _) =>
            {
                lock (sleeps)
                {
                    sleeps.Add(span);
                }

                slept.Release();
                return wake.Task;
            });

        Task<HttpResponseMessage> first = Send(sender, HttpMethod.Post);
        Assert.True(await slept.WaitAsync(Deadline), "The rate-limited request did not wait.");
        now += TimeSpan.FromSeconds(4);
        Task<HttpResponseMessage> second = Send(sender, HttpMethod.Post);
        Assert.True(await slept.WaitAsync(Deadline), "The next request did not wait.");

        Assert.Equal(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(6) }, sleeps);
        Assert.Equal(1, handler.Requests);
        now += TimeSpan.FromSeconds(6);
        wake.SetResult();
        using HttpResponseMessage firstAnswer = await first.WaitAsync(Deadline);
        using HttpResponseMessage secondAnswer = await second.WaitAsync(Deadline);
        Assert.Equal(3, handler.Requests);
        Assert.Equal(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(6) }, sleeps);
    }

    [Fact]
    public async Task A_retry_after_date_is_read_against_the_clock()
    {
        DateTime now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var handler = new Scripted(RateLimited(h => h.RetryAfter = new RetryConditionHeaderValue(new DateTimeOffset(now.AddSeconds(20)))), 200);
        var sleeps = new List<TimeSpan>();
        var sender = Clocked(
            handler,
            () => now,
            (span, _) =>
            {
                sleeps.Add(span);
                now += span;
                return Task.CompletedTask;
            });

        using HttpResponseMessage response = await Send(sender, HttpMethod.Post);

        Assert.Equal(new[] { TimeSpan.FromSeconds(20) }, sleeps);
        Assert.Equal(2, handler.Requests);
    }
}
