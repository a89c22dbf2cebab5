using System.Net;
using System.Text;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Connection;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>Answers every request with the same status and body, and keeps what it was asked.</summary>
internal sealed class FixedAnswer : HttpMessageHandler
{
    private readonly HttpStatusCode _status;
    private readonly string _body;
    private readonly string _mediaType;

    public FixedAnswer(HttpStatusCode status, string body, string mediaType = "application/json")
    {
        _status = status;
        _body = body;
        _mediaType = mediaType;
    }

    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        }

        return new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, _mediaType) };
    }

    public SinchClient Client() => ClientOver(this);

    /// <summary>A client for project "p1" with a token of its own, so no token request is made; retries allowed.</summary>
    public static SinchClient ClientOver(HttpMessageHandler handler) =>
        new(
            new ConnectionSettings("p1", new Uri("http://127.0.0.1:9/"), new Uri("http://127.0.0.1:9/oauth2/token"), null, null, "given-token"),
            _ => { },
            new RetryPolicy(8, TimeSpan.FromMinutes(5), new Random(1)),
            new HttpClient(handler));
}

public class SinchClientSendTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"app_id":"app","message":{"text_message":{"text":"Hi"}},"recipient_and_params":[{"recipient":{"contact_id":"c1"}}]}""");

    [Theory]
    [InlineData(HttpStatusCode.OK, "<html><body>Welcome to our proxy</body></html>", "text/html", "something that is not JSON")]
    [InlineData(HttpStatusCode.OK, "", "text/plain", "an empty body")]
    [InlineData(HttpStatusCode.OK, "  \r\n ", "application/json", "an empty body")]
    [InlineData(HttpStatusCode.OK, """{"id":"B1","send_after":"2026-01-01T00:00:00Z"}""", "application/json", "JSON without a batch_id")]
    [InlineData(HttpStatusCode.OK, """{"batch_id":12345}""", "application/json", "JSON without a batch_id")]
    [InlineData(HttpStatusCode.OK, """{"batch_id":null}""", "application/json", "JSON without a batch_id")]
    [InlineData(HttpStatusCode.OK, """{"batch_id":""}""", "application/json", "JSON without a batch_id")]
    [InlineData(HttpStatusCode.OK, """{"batch_id":"B1" """, "application/json", "JSON without a batch_id")]
    [InlineData(HttpStatusCode.OK, "null", "application/json", "something that is not JSON")]
    [InlineData(HttpStatusCode.Accepted, "OK", "text/plain", "something that is not JSON")]
    public async Task A_success_that_does_not_name_the_batch_is_an_unknown_outcome_and_is_never_sent_again(HttpStatusCode status, string answer, string mediaType, string what)
    {
        var sinch = new FixedAnswer(status, answer, mediaType);

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => sinch.Client().SendBatchAsync(new ArraySegment<byte>(Body), CancellationToken.None));

        Assert.Equal("SinchBatch.OutcomeUnknown", error.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidResult, error.Category);
        Assert.Contains($"Sinch answered {(int)status} to POST /v1/projects/p1/messages with {what}", error.Message);
        Assert.Single(sinch.Requests);
    }

    [Fact]
    public async Task An_unknown_outcome_counts_as_maybe_accepted()
    {
        var sinch = new FixedAnswer(HttpStatusCode.OK, "<html></html>", "text/html");

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => sinch.Client().SendBatchAsync(new ArraySegment<byte>(Body), CancellationToken.None));

        Assert.True(Batches.Failed(1, 1, error).MayHaveBeenAccepted);
    }

    [Fact]
    public async Task A_success_that_names_the_batch_is_accepted()
    {
        var sinch = new FixedAnswer(HttpStatusCode.OK, """{"batch_id":"B1","send_after":"2026-01-01T00:00:00Z"}""");

        BatchAccepted accepted = await sinch.Client().SendBatchAsync(new ArraySegment<byte>(Body), CancellationToken.None);

        Assert.Equal("B1", accepted.BatchId);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), accepted.SendAfter);
        Assert.Equal(DateTimeKind.Utc, accepted.SendAfter!.Value.Kind);
        Assert.False(accepted.AlreadySent);
        Assert.Null(accepted.RequestId);
        var request = Assert.Single(sinch.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:9/v1/projects/p1/messages", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer given-token", request.Authorization);
        Assert.Equal(Encoding.UTF8.GetString(Body), request.Body);
    }

    [Fact]
    public async Task A_success_without_a_schedule_is_accepted_to_be_sent_now()
    {
        var sinch = new FixedAnswer(HttpStatusCode.OK, """{"batch_id":"B2"}""");

        BatchAccepted accepted = await sinch.Client().SendBatchAsync(new ArraySegment<byte>(Body), CancellationToken.None);

        Assert.Equal("B2", accepted.BatchId);
        Assert.Null(accepted.SendAfter);
    }

    [Fact]
    public async Task Only_the_body_segment_is_sent()
    {
        var sinch = new FixedAnswer(HttpStatusCode.OK, """{"batch_id":"B3"}""");
        byte[] padded = Encoding.UTF8.GetBytes("xx").Concat(Body).Concat(Encoding.UTF8.GetBytes("yy")).ToArray();

        await sinch.Client().SendBatchAsync(new ArraySegment<byte>(padded, 2, Body.Length), CancellationToken.None);

        Assert.Equal(Encoding.UTF8.GetString(Body), Assert.Single(sinch.Requests).Body);
    }

    [Fact]
    public async Task A_campaign_is_read_from_the_batches_listed_under_its_id()
    {
        var sinch = new FixedAnswer(HttpStatusCode.OK, """
            [
              { "batch_id": "B1", "status": "SCHEDULED", "send_after": "2026-11-28T12:00:00Z",
                "metadata": { "sinchbatch_campaign": "bf", "sinchbatch_batch": "1", "sinchbatch_digest": "d1", "sinchbatch_request_id": "run0-1" } },
              { "batch_id": "B2", "status": "CANCELLED",
                "metadata": { "sinchbatch_campaign": "bf", "sinchbatch_batch": "2", "sinchbatch_digest": "d2" } },
              { "batch_id": "B3", "status": "PROCESSED", "metadata": { "sinchbatch_campaign": "bf" } }
            ]
            """);

        Campaign campaign = await Campaign.LoadAsync(sinch.Client(), "bf", CancellationToken.None);

        Assert.Equal("/v1/projects/p1/messages?metadataKey=sinchbatch_campaign&metadataValue=bf", Assert.Single(sinch.Requests).Uri.PathAndQuery);
        Assert.Equal(HttpMethod.Get, sinch.Requests[0].Method);
        Assert.Equal("bf", campaign.Id);
        Assert.Equal(2, Assert.Single(campaign.Cancelled).Number);
        BatchAccepted earlier = campaign.Earlier(1, "d1")!;
        Assert.Equal(("B1", "run0-1", true), (earlier.BatchId, earlier.RequestId, earlier.AlreadySent));
        Assert.Equal(new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc), earlier.SendAfter);
        Assert.Null(campaign.Earlier(2, "d2"));
        Assert.Null(campaign.Earlier(3, "d3"));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}""")]
    [InlineData(HttpStatusCode.OK, "<html></html>")]
    [InlineData(HttpStatusCode.OK, """{"batches":"none"}""")]
    public async Task A_campaign_that_cannot_be_read_stops_the_send(HttpStatusCode status, string answer)
    {
        var sinch = new FixedAnswer(status, answer);

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => Campaign.LoadAsync(sinch.Client(), "bf", CancellationToken.None));

        Assert.Equal("SinchBatch.CampaignLookupFailed", error.ErrorId);
        Assert.Contains("campaign 'bf'", error.Message);
        Assert.Contains("nothing more was sent", error.Message);
    }
}
