using System.Text.Json;
using SinchBatch.Emulator;
using Xunit;

namespace SinchBatch.Tests;

public class EmulatorListingTests
{
    private static object[] Statuses(int count) => Enumerable.Range(1, count).Select(i => (object)new { batch_id = "B" + i }).ToArray();

    private static JsonElement Answer(object[] statuses, string? pageToken, EmulatorOptions options) =>
        JsonSerializer.SerializeToElement(ListingAnswer.For(statuses, pageToken, options) ?? throw new InvalidOperationException("The token was refused."));

    private static string[] Ids(JsonElement list) => list.EnumerateArray().Select(s => s.GetProperty("batch_id").GetString()!).ToArray();

    [Fact]
    public void By_default_the_listing_is_one_bare_array()
    {
        JsonElement answer = Answer(Statuses(3), null, new EmulatorOptions());

        Assert.Equal(new[] { "B1", "B2", "B3" }, Ids(answer));
    }

    [Fact]
    public void With_a_page_size_the_listing_comes_in_pages_whose_tokens_lead_through_every_batch()
    {
        var options = new EmulatorOptions { ListPageSize = 2 };
        object[] statuses = Statuses(5);
        var pages = new List<string[]>();
        string? token = null;
        do
        {
            JsonElement page = Answer(statuses, token, options);
            pages.Add(Ids(page.GetProperty("batches")));
            token = page.GetProperty("next_page_token").GetString();
        }
        while (token is { Length: > 0 } && pages.Count < 10);

        Assert.Equal(new[] { new[] { "B1", "B2" }, new[] { "B3", "B4" }, new[] { "B5" } }, pages);
        Assert.Equal("", token);
    }

    [Fact]
    public void A_paged_listing_with_no_match_is_one_empty_last_page()
    {
        JsonElement page = Answer(Statuses(0), null, new EmulatorOptions { ListPageSize = 2 });

        Assert.Empty(Ids(page.GetProperty("batches")));
        Assert.Equal("", page.GetProperty("next_page_token").GetString());
    }

    [Theory]
    [InlineData(2, "offset 2")]
    [InlineData(2, "offset+0")]
    [InlineData(2, "offset+5")]
    [InlineData(2, "2")]
    [InlineData(2, "")]
    [InlineData(0, "offset+2")]
    public void A_page_token_the_listing_did_not_give_is_refused(int pageSize, string token)
    {
        string given = JsonSerializer.SerializeToElement(ListingAnswer.For(Statuses(5), null, new EmulatorOptions { ListPageSize = 2 })!)
            .GetProperty("next_page_token").GetString()!;

        Assert.Equal("offset+2", given);
        Assert.Null(ListingAnswer.For(Statuses(5), token, new EmulatorOptions { ListPageSize = pageSize }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void With_single_object_a_lone_match_is_its_status_itself(int pageSize)
    {
        JsonElement answer = Answer(Statuses(1), null, new EmulatorOptions { ListSingleObject = true, ListPageSize = pageSize });

        Assert.Equal(JsonValueKind.Object, answer.ValueKind);
        Assert.Equal("B1", answer.GetProperty("batch_id").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void With_single_object_no_match_or_several_are_still_a_list(int matches)
    {
        JsonElement answer = Answer(Statuses(matches), null, new EmulatorOptions { ListSingleObject = true });

        Assert.Equal(Enumerable.Range(1, matches).Select(i => "B" + i), Ids(answer));
    }
}
