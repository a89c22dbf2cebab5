using SinchBatch.Client;
using SinchBatch.Sending;
using Xunit;

namespace SinchBatch.Tests;

public class SendLedgerTests
{
    /// <summary>Writes each outcome as the command does.</summary>
    private static void Write(SendLedger ledger, params BatchOutcome[] outcomes)
    {
        foreach (BatchOutcome outcome in outcomes)
        {
            ledger.HandedOver(outcome.RecipientCount);
            ledger.Writing(outcome);
            ledger.Written();
        }
    }

    private static SendLedger Ledger(string? campaignId = null)
    {
        var ledger = new SendLedger(campaignId, batches: 10, recipients: 40) { RowsRead = 40 };
        Write(
            ledger,
            Batches.Accepted(1, 3, new BatchAccepted("B1", null)),
            Batches.Accepted(2, 2, new BatchAccepted("B0", null, "run0-2", alreadySent: true)),
            Batches.Failed(3, 6, Batches.Error("SinchBatch.ServiceError")),
            Batches.Accepted(4, 4, new BatchAccepted("B3", null)));
        return ledger;
    }

    [Fact]
    public void An_early_end_names_every_accepted_batch_and_counts_them()
    {
        SendLedger ledger = Ledger();

        string text = ledger.EarlyEnd("Send-SinchBatch was stopped.");

        Assert.StartsWith("Send-SinchBatch was stopped. Accepted: 9 recipients in 3 batches", text);
        Assert.Contains("(B1, B0, B3).", text);
        Assert.Contains("Failed and reported: 6 recipients.", text);
        Assert.Contains("Not started: 25 recipients in 6 batches.", text);
        Assert.Equal(3, ledger.BatchesAccepted);
        Assert.Equal(9, ledger.RecipientsAccepted);
        Assert.Equal(6, ledger.RecipientsFailed);
    }

    [Fact]
    public void An_early_end_says_how_many_batches_earlier_runs_got_accepted()
    {
        var ledger = new SendLedger("bf", 1, 3);
        Write(
            ledger,
            Batches.Accepted(1, 3, new BatchAccepted("B1", null, "run0-1", alreadySent: true)),
            Batches.Accepted(2, 3, new BatchAccepted("B2", null, "run0-2", alreadySent: true)),
            Batches.Accepted(3, 3, new BatchAccepted("B3", null)));

        string text = ledger.EarlyEnd("Stopped.");

        Assert.Contains("Accepted: 9 recipients in 3 batches, 2 of them by earlier runs (B1, B2, B3).", text);
    }

    [Fact]
    public void An_early_end_without_batches_of_earlier_runs_does_not_mention_them()
    {
        var ledger = new SendLedger("bf", 1, 3);
        Write(ledger, Batches.Accepted(1, 3, new BatchAccepted("B1", null)));

        Assert.DoesNotContain("earlier runs (", ledger.EarlyEnd("Stopped."));
        Assert.Contains("Accepted: 3 recipients in 1 batch (B1).", ledger.EarlyEnd("Stopped."));
    }

    [Fact]
    public void An_early_end_with_nothing_accepted_says_so()
    {
        string text = new SendLedger(null, 1, 7).EarlyEnd("Stopped.");

        Assert.StartsWith("Stopped. Accepted: 0 recipients in 0 batches. Failed and reported: 0 recipients.", text);
        Assert.DoesNotContain("Running the same command again", text);
        Assert.DoesNotContain("Outcome unknown", text);
        Assert.DoesNotContain("Not sent:", text);
    }

    [Fact]
    public void An_early_end_lists_the_request_ids_of_batches_that_may_have_been_accepted()
    {
        SendLedger ledger = Ledger();
        ledger.Summarised(Batches.Failed(4, 2, new OperationCanceledException()));
        ledger.Summarised(Batches.Failed(5, 3, Batches.Error("SinchBatch.OutcomeUnknown")));
        ledger.Summarised(Batches.Failed(6, 4, new TaskCanceledException()));
        ledger.Summarised(Batches.Failed(7, 5, Batches.Error("SinchBatch.ServiceError", "Sinch answered 503: UNAVAILABLE")));

        string text = ledger.EarlyEnd("Stopped.");

        Assert.Contains("Outcome unknown (cancelled in flight, or no clear answer): 9 recipients in 3 batches", text);
        Assert.Contains("Get-SinchBatchStatus -Metadata @{ sinchbatch_request_id = '<id>' }", text);
        Assert.Contains("ids: run-4, run-5, run-6.", text);
        Assert.DoesNotContain("run-7", text);
    }

    [Fact]
    public void An_early_end_lists_the_numbers_of_batches_surely_not_sent()
    {
        SendLedger ledger = Ledger();
        ledger.Summarised(Batches.Failed(4, 2, Batches.Error("SinchBatch.ServiceError", "Sinch answered 503: UNAVAILABLE")));
        ledger.Summarised(Batches.Failed(5, 3, new OperationCanceledException()));
        ledger.Summarised(Batches.Failed(6, 4, Batches.Error("SinchBatch.RequestRejected", "Sinch answered 400: INVALID_ARGUMENT")));

        string text = ledger.EarlyEnd("Stopped.");

        Assert.Contains("Not sent: 6 recipients in batches 4, 6 (Sinch answered 503: UNAVAILABLE).", text);
        Assert.Contains(": 3 recipients in 1 batch,", text);
        Assert.Contains("ids: run-5.", text);
        Assert.DoesNotContain("run-4", text);
        Assert.DoesNotContain("run-6", text);
    }

    [Fact]
    public void Without_unreported_failures_an_early_end_lists_none()
    {
        string text = Ledger().EarlyEnd("Stopped.");

        Assert.DoesNotContain("Outcome unknown", text);
        Assert.DoesNotContain("Not sent:", text);
    }

    [Fact]
    public void With_a_campaign_an_early_end_says_to_run_it_again_with_the_campaign_id()
    {
        string text = Ledger("black-friday-2026").EarlyEnd("Stopped.");

        Assert.EndsWith(" To send the rest, run the same command again with -CampaignId 'black-friday-2026': it sends only what no earlier run got accepted.", text);
        Assert.DoesNotContain("would send the accepted recipients the message again", text);
    }

    [Fact]
    public void Without_a_campaign_an_early_end_warns_that_a_rerun_would_send_again()
    {
        string text = Ledger().EarlyEnd("Stopped.");

        Assert.Contains("Running the same command again would send the accepted recipients the message again", text);
        Assert.DoesNotContain("-CampaignId '", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("black-friday-2026")]
    public void When_a_rerun_would_not_help_an_early_end_gives_no_rerun_advice(string? campaignId)
    {
        SendLedger ledger = Ledger(campaignId);
        ledger.Summarised(Batches.Failed(4, 2, new OperationCanceledException()));

        string text = ledger.EarlyEnd("Stopped.", rerunHelps: false);

        Assert.EndsWith("Not started: 25 recipients in 6 batches.", text);
        Assert.DoesNotContain("-CampaignId", text);
        Assert.DoesNotContain("same command again", text);
        Assert.Contains("ids: run-4.", text);
    }
    [Theory]
    [InlineData(true, 13)]
    [InlineData(false, 6)]
    public void A_failed_batch_cut_short_as_it_is_written_is_reported_if_its_error_ends_the_command_and_otherwise_named_in_the_summary(bool errorShown, int recipientsFailed)
    {
        SendLedger ledger = Ledger();
        ledger.Writing(Batches.Failed(5, 7, Batches.Error("SinchBatch.ServiceError", "Sinch answered 503")));

        ledger.CutShort(errorShown);

        Assert.Equal(recipientsFailed, ledger.RecipientsFailed);
        Assert.Equal(!errorShown, ledger.EarlyEnd("Stopped.").Contains("Not sent: 7 recipients in batches 5 (Sinch answered 503).", StringComparison.Ordinal));
    }

    [Fact]
    public void An_accepted_batch_counts_whether_or_not_its_result_was_written()
    {
        SendLedger ledger = Ledger();
        ledger.Writing(Batches.Accepted(5, 7, new BatchAccepted("B5", null)));
        ledger.CutShort(errorShown: false);
        ledger.Summarised(Batches.Accepted(6, 1, new BatchAccepted("B6", null)));

        Assert.Equal(17, ledger.RecipientsAccepted);
        Assert.Contains("(B1, B0, B3, B5, B6).", ledger.EarlyEnd("Stopped."));
    }
}

public class BatchOutcomeTests
{
    [Fact]
    public void An_accepted_batch_was_accepted_not_maybe() =>
        Assert.False(Batches.Accepted(1, 1, new BatchAccepted("B1", null)).MayHaveBeenAccepted);

    [Fact]
    public void A_batch_an_earlier_run_got_accepted_was_accepted_not_maybe() =>
        Assert.False(Batches.Accepted(1, 1, new BatchAccepted("B1", null, "run0-1", alreadySent: true)).MayHaveBeenAccepted);

    [Theory]
    [InlineData("SinchBatch.ServiceError")]
    [InlineData("SinchBatch.RequestRejected")]
    [InlineData("SinchBatch.RateLimited")]
    [InlineData("SinchBatch.AuthenticationFailed")]
    [InlineData("SinchBatch.ConnectionFailed")]
    [InlineData("SinchBatch.OutcomeUnknownish")]
    public void A_failure_where_sinch_surely_did_not_act_was_not_accepted(string errorId) =>
        Assert.False(Batches.Failed(1, 1, Batches.Error(errorId)).MayHaveBeenAccepted);

    [Fact]
    public void An_unknown_outcome_may_have_been_accepted() =>
        Assert.True(Batches.Failed(1, 1, Batches.Error("SinchBatch.OutcomeUnknown")).MayHaveBeenAccepted);

    [Fact]
    public void A_request_cancelled_in_flight_may_have_been_accepted()
    {
        Assert.True(Batches.Failed(1, 1, new OperationCanceledException()).MayHaveBeenAccepted);
        Assert.True(Batches.Failed(1, 1, new TaskCanceledException()).MayHaveBeenAccepted);
    }

    [Fact]
    public void Any_other_exception_may_have_been_accepted()
    {
        Assert.True(Batches.Failed(1, 1, new HttpRequestException("reset")).MayHaveBeenAccepted);
        Assert.True(Batches.Failed(1, 1, new InvalidOperationException()).MayHaveBeenAccepted);
        Assert.True(Batches.Failed(1, 1, new AggregateException(Batches.Error("SinchBatch.ServiceError"))).MayHaveBeenAccepted);
    }
}
