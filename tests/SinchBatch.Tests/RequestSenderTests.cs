using System.Net;
using System.Net.Sockets;
using System.Text;
using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

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
