using System.Net;
using System.Text;
using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class SinchClientListTests
{
    private const string ListPath = "/v1/projects/p1/messages?metadataKey=campaign&metadataValue=bf";

    /// <summary>Answers the n-th request (from 0) as told, and keeps every URI it was asked.</summary>
    private sealed class Listing : HttpMessageHandler
    {
        private readonly Func<int, (HttpStatusCode Status, string Body)> _answer;

        public Listing(Func<int, (HttpStatusCode, string)> answer) => _answer = answer;

        /// <summary>Each page in turn, with 200.</summary>
        public Listing(params string[] pages)
            : this(n => (HttpStatusCode.OK, pages[n]))
        {
        }

        public List<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.PathAndQuery);
            (HttpStatusCode status, string body) = _answer(Requests.Count - 1);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private static string Status(string id) => $$$"""{"batch_id":"{{{id}}}","status":"SCHEDULED","send_after":"2026-11-28T12:00:00Z","meta_data":{"campaign":"bf"}}""";

    private static Task<IReadOnlyList<SinchBatchStatus>> List(Listing sinch) =>
        FixedAnswer.ClientOver(sinch).ListByMetadataAsync("campaign", "bf", CancellationToken.None);

    [Fact]
    public async Task A_bare_array_is_the_list_of_statuses()
    {
        var sinch = new Listing($"[{Status("B1")},{Status("B2")}]");

        IReadOnlyList<SinchBatchStatus> listed = await List(sinch);

        Assert.Equal(new[] { "B1", "B2" }, listed.Select(s => s.BatchId));
        Assert.Equal(SinchBatchState.Scheduled, listed[0].Status);
        Assert.Equal("bf", listed[0].Metadata["campaign"]);
        Assert.Equal(new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc), listed[0].SendAfter);
        Assert.Equal(ListPath, Assert.Single(sinch.Requests));
    }

    [Theory]
    [InlineData("batches")]
    [InlineData("items")]
    [InlineData("statuses")]
    public async Task An_object_wrapping_the_list_is_read_whatever_the_list_is_called(string name)
    {
        var sinch = new Listing($$"""{"count":2,"warnings":["none"],"{{name}}":[{{Status("B1")}},{{Status("B2")}}]}""");

        IReadOnlyList<SinchBatchStatus> listed = await List(sinch);

        Assert.Equal(new[] { "B1", "B2" }, listed.Select(s => s.BatchId));
        Assert.Single(sinch.Requests);
    }

    [Fact]
    public async Task A_single_status_is_a_list_of_one()
    {
        var sinch = new Listing(Status("B1"));

        SinchBatchStatus status = Assert.Single(await List(sinch));

        Assert.Equal("B1", status.BatchId);
        Assert.Equal(SinchBatchState.Scheduled, status.Status);
        Assert.Equal("bf", status.Metadata["campaign"]);
    }

    [Theory]
    [InlineData("next_page_token", "\"a+b/c=\"", "a%2Bb%2Fc%3D", "")]
    [InlineData("nextPageToken", "\"a+b/c=\"", "a%2Bb%2Fc%3D", ",\"nextPageToken\":\"\"")]
    [InlineData("page_token", "\"a+b/c=\"", "a%2Bb%2Fc%3D", ",\"page_token\":null")]
    [InlineData("next_page_token", "2", "2", "")]
    public async Task Pages_are_followed_with_their_token_until_it_is_absent_or_empty(string name, string token, string sent, string lastPageEnd)
    {
        var sinch = new Listing(
            $$"""{"batches":[{{Status("B1")}},{{Status("B2")}}],"{{name}}":{{token}}}""",
            $$"""{"batches":[{{Status("B3")}}]{{lastPageEnd}}}""");

        IReadOnlyList<SinchBatchStatus> listed = await List(sinch);

        Assert.Equal(new[] { "B1", "B2", "B3" }, listed.Select(s => s.BatchId));
        Assert.Equal(new[] { ListPath, ListPath + "&page_token=" + sent }, sinch.Requests);
    }

    [Fact]
    public async Task A_page_that_fails_is_asked_for_again_with_its_own_token()
    {
        var sinch = new Listing(n => n switch
        {
            0 => (HttpStatusCode.OK, $$"""{"batches":[{{Status("B1")}}],"next_page_token":"p2"}"""),
            1 => (HttpStatusCode.ServiceUnavailable, """{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}"""),
            _ => (HttpStatusCode.OK, $$"""{"batches":[{{Status("B2")}}]}"""),
        });

        IReadOnlyList<SinchBatchStatus> listed = await List(sinch);

        Assert.Equal(new[] { "B1", "B2" }, listed.Select(s => s.BatchId));
        Assert.Equal(new[] { ListPath, ListPath + "&page_token=p2", ListPath + "&page_token=p2" }, sinch.Requests);
    }

    [Theory]
    [InlineData("t1", "t1")]
    [InlineData("t1", "t2", "t1")]
    public async Task A_page_token_given_again_stops_the_listing(params string[] tokens)
    {
        var sinch = new Listing(n => (HttpStatusCode.OK, $$"""{"batches":[{{Status("B" + n)}}],"next_page_token":"{{tokens[n]}}"}"""));

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => List(sinch));

        Assert.Equal("SinchBatch.UnexpectedResponse", error.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidResult, error.Category);
        Assert.Contains($"the page token of an earlier page on page {tokens.Length}", error.Message);
        Assert.Equal(tokens.Length, sinch.Requests.Count);
    }

    [Fact]
    public async Task A_listing_whose_pages_never_end_stops_at_the_maximum()
    {
        var sinch = new Listing(n => (HttpStatusCode.OK, $$"""{"batches":[],"next_page_token":"t{{n}}"}"""));

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => List(sinch));

        Assert.Equal("SinchBatch.UnexpectedResponse", error.ErrorId);
        Assert.Contains($"page {SinchClient.MaxListingPages}", error.Message);
        Assert.Equal(SinchClient.MaxListingPages, sinch.Requests.Count);
    }

    [Fact]
    public async Task An_empty_object_is_an_empty_list_as_Google_style_apis_answer_one()
    {
        var sinch = new Listing("{}");

        Assert.Empty(await List(sinch));
        Assert.Single(sinch.Requests);
    }

    [Theory]
    [InlineData("""{"next_page_token":"t"}""")]
    [InlineData("""{"batches":"none"}""")]
    [InlineData("""{"warnings":["none"]}""")]
    [InlineData("[1,2]")]
    [InlineData("\"B1\"")]
    [InlineData("null")]
    public async Task An_answer_without_a_list_is_an_unexpected_response(string answer)
    {
        var sinch = new Listing(answer);

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => List(sinch));

        Assert.Equal("SinchBatch.UnexpectedResponse", error.ErrorId);
        Assert.Equal("Sinch answered the list by metadata without a list of batches.", error.Message);
        Assert.Single(sinch.Requests);
    }

    [Fact]
    public async Task A_page_token_that_cannot_be_followed_is_an_unexpected_response_not_the_last_page()
    {
        var sinch = new Listing($$$"""{"batches":[{{{Status("B1")}}}],"next_page_token":{"offset":1}}""");

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => List(sinch));

        Assert.Equal("SinchBatch.UnexpectedResponse", error.ErrorId);
        Assert.Contains("next_page_token that is not text", error.Message);
    }
}
