using System.Collections;
using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Messages;
using Xunit;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

public class CampaignTests
{
    private const string DigestA = "0123456789abcdef0123456789abcdef";
    private const string DigestB = "fedcba9876543210fedcba9876543210";

    private static readonly DateTime Tomorrow = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private static SinchBatchStatus Status(string batchId, string? number, string? digest, SinchBatchState state = SinchBatchState.Scheduled, string? requestId = null)
    {
        var metadata = new Dictionary<string, string> { [MetadataKeys.Campaign] = "bf" };
        if (number is not null)
        {
            metadata[MetadataKeys.BatchNumber] = number;
        }

        if (digest is not null)
        {
            metadata[MetadataKeys.Digest] = digest;
        }

        if (requestId is not null)
        {
            metadata[MetadataKeys.RequestId] = requestId;
        }

        return new SinchBatchStatus { BatchId = batchId, Status = state, SendAfter = Tomorrow, Metadata = metadata, ProjectId = "p" };
    }

    private static Campaign WithEarlier(params SinchBatchStatus[] earlier) => new("bf", earlier);

    [Fact]
    public void A_number_no_earlier_run_sent_is_sent()
    {
        Campaign campaign = WithEarlier(Status("B1", "1", DigestA), Status("B2", "2", DigestA));

        Assert.Null(campaign.Earlier(3, DigestA));
        Assert.Null(WithEarlier().Earlier(1, DigestA));
    }

    [Fact]
    public void A_batch_an_earlier_run_got_accepted_with_the_same_digest_is_already_sent()
    {
        Campaign campaign = WithEarlier(Status("B1", "1", DigestA, requestId: "run0-1"), Status("B2", "2", DigestB, SinchBatchState.Processed, "run0-2"));

        BatchAccepted? first = campaign.Earlier(1, DigestA);
        BatchAccepted? second = campaign.Earlier(2, DigestB);

        Assert.NotNull(first);
        Assert.True(first!.AlreadySent);
        Assert.Equal("B1", first.BatchId);
        Assert.Equal(Tomorrow, first.SendAfter);
        Assert.Equal("run0-1", first.RequestId);
        Assert.True(second!.AlreadySent);
        Assert.Equal("B2", second.BatchId);
        Assert.Equal("run0-2", second.RequestId);
    }

    [Fact]
    public void An_earlier_batch_without_a_request_id_is_already_sent_with_none()
    {
        BatchAccepted? earlier = WithEarlier(Status("B1", "1", DigestA)).Earlier(1, DigestA);

        Assert.True(earlier!.AlreadySent);
        Assert.Null(earlier.RequestId);
    }

    [Fact]
    public void A_batch_whose_digest_changed_since_an_earlier_run_stops_the_campaign()
    {
        Campaign campaign = WithEarlier(Status("B1", "1", DigestA), Status("B7", "7", DigestA, requestId: "run0-7"));

        var error = Assert.Throws<SinchBatchException>(() => campaign.Earlier(7, DigestB));

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidData, error.Category);
        Assert.Contains("Batch 7 ", error.Message);
        Assert.Contains("batch B7", error.Message);
        Assert.Contains("'bf'", error.Message);
    }

    [Fact]
    public void An_earlier_batch_without_a_digest_counts_as_changed()
    {
        var error = Assert.Throws<SinchBatchException>(() => WithEarlier(Status("B1", "1", digest: null)).Earlier(1, DigestA));

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
    }

    [Fact]
    public void A_number_whose_earlier_batches_were_all_cancelled_is_sent_again()
    {
        Campaign campaign = WithEarlier(
            Status("B1", "1", DigestA, SinchBatchState.Cancelled),
            Status("B1b", "1", DigestB, SinchBatchState.Cancelled));

        Assert.Null(campaign.Earlier(1, DigestA));
        Assert.Null(campaign.Earlier(1, "00000000000000000000000000000000"));
    }

    [Fact]
    public void A_cancelled_batch_with_another_digest_does_not_hide_a_live_one_with_the_same_digest()
    {
        Campaign cancelledFirst = WithEarlier(Status("Old", "4", DigestB, SinchBatchState.Cancelled), Status("Live", "4", DigestA));
        Campaign liveFirst = WithEarlier(Status("Live", "4", DigestA), Status("Old", "4", DigestB, SinchBatchState.Cancelled));

        Assert.Equal("Live", cancelledFirst.Earlier(4, DigestA)!.BatchId);
        Assert.True(cancelledFirst.Earlier(4, DigestA)!.AlreadySent);
        Assert.Equal("Live", liveFirst.Earlier(4, DigestA)!.BatchId);
    }

    [Fact]
    public void Among_several_live_batches_of_a_number_the_one_with_the_same_digest_is_already_sent()
    {
        Campaign campaign = WithEarlier(Status("Other", "4", DigestB), Status("Same", "4", DigestA, requestId: "run0-4"));

        BatchAccepted? earlier = campaign.Earlier(4, DigestA);

        Assert.Equal("Same", earlier!.BatchId);
        Assert.Equal("run0-4", earlier.RequestId);
        Assert.True(earlier.AlreadySent);
    }

    [Fact]
    public void A_cancelled_batch_with_the_same_digest_is_sent_again()
    {
        Assert.Null(WithEarlier(Status("B1", "1", DigestA, SinchBatchState.Cancelled)).Earlier(1, DigestA));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("99999999999")]
    public void Earlier_batches_without_a_readable_batch_number_are_ignored(string? number)
    {
        Campaign campaign = WithEarlier(Status("B?", number, DigestB));

        campaign.Check(Array.Empty<SpooledBatch>());
        Assert.Empty(campaign.Cancelled);
        Assert.Null(campaign.Earlier(1, DigestA));
        Assert.Null(campaign.Earlier(-1, DigestA));
    }

    [Fact]
    public void Input_that_ends_before_a_live_batch_of_an_earlier_run_is_refused_and_a_cancelled_one_does_not_count()
    {
        Campaign campaign = WithEarlier(Status("B2", "2", DigestA), Status("B5", "5", DigestA, SinchBatchState.Cancelled), Status("B?", "9x", DigestA));

        campaign.Check(new[] { Batches.Of(1, 1, DigestB), Batches.Of(2, 1, DigestA) });
        Assert.Throws<SinchBatchException>(() => campaign.Check(new[] { Batches.Of(1, 1, DigestB) }));
        WithEarlier(Status("B1", "1", DigestA, SinchBatchState.Cancelled)).Check(Array.Empty<SpooledBatch>());
    }

    [Fact]
    public void Input_that_ends_early_names_the_next_live_batch_of_an_earlier_run()
    {
        Campaign campaign = WithEarlier(
            Status("B3", "3", DigestA, SinchBatchState.Cancelled),
            Status("B6", "6", DigestA),
            Status("B4", "4", DigestA),
            Status("B4c", "4", DigestB, SinchBatchState.Cancelled));

        SinchBatchException error = Assert.Throws<SinchBatchException>(() => campaign.Check(new[] { Batches.Of(1, 1, DigestA), Batches.Of(2, 1, DigestA) }));

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidData, error.Category);
        Assert.Contains("ends before batch 4 of campaign 'bf'", error.Message);
        Assert.Contains("as batch B4:", error.Message);
    }

    [Theory]
    [InlineData("black-friday-2026")]
    [InlineData("a")]
    [InlineData("A.b_c-9")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")]
    public void Campaign_ids_of_1_to_64_letters_digits_dots_underscores_and_dashes_are_accepted(string id) =>
        Assert.Equal(id, Campaign.Validate(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("black friday")]
    [InlineData(" bf")]
    [InlineData("bf ")]
    [InlineData("black/friday")]
    [InlineData("black\\friday")]
    [InlineData("café")]
    [InlineData("Ärger")]
    [InlineData("bf&x=1")]
    [InlineData("bf\t")]
    [InlineData("\u212A")] // the Kelvin sign, which a case-insensitive match would take for a K
    public void Other_campaign_ids_are_refused(string? id)
    {
        var error = Assert.Throws<SinchBatchException>(() => Campaign.Validate(id));

        Assert.Equal("SinchBatch.InvalidCampaignId", error.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidArgument, error.Category);
    }

    [Fact]
    public void A_campaign_id_with_a_trailing_newline_is_refused() =>
        Assert.Equal("SinchBatch.InvalidCampaignId", Assert.Throws<SinchBatchException>(() => Campaign.Validate("bf\n")).ErrorId);

    [Fact]
    public void A_template_checks_its_campaign_id()
    {
        var template = new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi"), CampaignId = "black friday" };

        Assert.Equal("SinchBatch.InvalidCampaignId", Assert.Throws<SinchBatchException>(template.Validate).ErrorId);

        template.CampaignId = "black-friday";
        template.Validate();
    }

    [Theory]
    [InlineData("sinchbatch_campaign")]
    [InlineData("sinchbatch_batch")]
    [InlineData("sinchbatch_digest")]
    [InlineData("sinchbatch_request_id")]
    [InlineData("SINCHBATCH_x")]
    [InlineData("SinchBatch_")]
    [InlineData("_batch_id")]
    public void Batch_metadata_keys_the_module_or_sinch_adds_are_refused(string key)
    {
        var template = new BatchTemplate
        {
            AppId = "app",
            Message = AppMessage.FromText("Hi"),
            BatchMetadata = new Hashtable { ["team"] = "sales", [key] = "x" },
        };

        var error = Assert.Throws<SinchBatchException>(template.Validate);

        Assert.Equal("SinchBatch.ReservedBatchMetadata", error.ErrorId);
        Assert.Contains(key, error.Message);
    }

    [Theory]
    [InlineData("sinchbatch")]
    [InlineData("my_sinchbatch_campaign")]
    [InlineData("campaign")]
    [InlineData("batch_id")]
    public void Other_batch_metadata_keys_are_taken(string key) =>
        new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi"), CampaignId = "bf", BatchMetadata = new Hashtable { [key] = "x" } }.Validate();
}
