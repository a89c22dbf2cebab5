using System.Collections;
using System.Text.Json;
using SinchBatch.Checking;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using Xunit;

namespace SinchBatch.Tests;

public class ExcludedRecipientsTests
{
    private static readonly PhoneIdentities German = new("DE", textOnly: true);

    private static ExcludedRecipients Phones(params string?[] entries) => new(entries, German.Readings);

    /// <summary>A spool of C1 to C{count} with a campaign, the recipients <paramref name="excluded"/> names held back, closed.</summary>
    private static Spool Filled(int count, int batchSize, params int[] excluded)
    {
        Spool spool = Spools.New(batchSize, campaignId: "bf");
        for (int i = 1; i <= count; i++)
        {
            if (excluded.Contains(i))
            {
                spool.Exclude(Spools.Recipient(i));
            }
            else
            {
                spool.Add(Spools.Recipient(i), new Hashtable { ["contact_id"] = "C" + i });
            }
        }

        spool.Close();
        return spool;
    }

    [Fact]
    public void A_national_number_on_the_list_excludes_the_same_number_written_in_E164()
    {
        ExcludedRecipients list = Phones("0151 23456789", "  +49 (0)160 1234567  ");

        Assert.True(list.Contains(German.Read("+4915123456789", 1)));
        Assert.True(list.Contains(German.Read("0049 160 1234567", 2)));
        Assert.False(list.Contains(German.Read("+4915123456780", 3)));
        Assert.Equal(2, list.Count);
    }

    [Fact]
    public void Contact_ids_are_compared_trimmed_and_ordinal()
    {
        var list = new ExcludedRecipients(new[] { " c-1 ", "C-2" }, null);

        Assert.True(list.Contains("c-1"));
        Assert.True(list.Contains(" c-1\t"));
        Assert.False(list.Contains("C-1"));
        Assert.False(list.Contains("c-2"));
    }

    [Fact]
    public void Empty_entries_such_as_a_files_blank_lines_are_passed_over()
    {
        ExcludedRecipients list = Phones("", null, "   ", "+4915123456789");

        Assert.Equal(1, list.Count);
    }

    [Theory]
    [InlineData("Telefonnummer")]
    [InlineData("0151 2345")]
    [InlineData("+49 151 2345678901234")]
    public void An_entry_that_cannot_be_read_as_a_number_ends_the_command_naming_its_position_not_its_value(string entry)
    {
        var ex = Assert.Throws<SinchBatchException>(() => Phones("+4915123456789", "", entry));

        Assert.Equal(ExcludedRecipients.InvalidId, ex.ErrorId);
        Assert.Equal(SinchErrorCategory.InvalidArgument, ex.Category);
        Assert.StartsWith("-ExcludeRecipient's entry 3 is no phone number that can be read, so nothing was sent", ex.Message);
        Assert.DoesNotContain(entry, ex.Message);
    }

    [Fact]
    public void A_whole_row_given_as_an_entry_is_named_as_such()
    {
        var ex = Assert.Throws<SinchBatchException>(() => Phones("@{Vorname=Ann; Mobil=0151 23456789}"));

        Assert.EndsWith("It is a whole row, not a number: pass one column of the rows, such as -ExcludeRecipient (Import-Csv .\\optouts.csv).Mobil.", ex.Message);
        Assert.DoesNotContain("Ann", ex.Message);
    }

    [Fact]
    public void An_entry_a_row_could_not_be_sent_to_still_excludes_every_number_it_may_be()
    {
        // A landline (refused for SMS), a UK mobile written nationally, and a mobile whose + Excel dropped.
        var list = Phones("030 12345678", "07911 123456", "4915123456780");

        Assert.True(list.Contains("+493012345678"));
        Assert.True(list.Contains("+447911123456"));
        Assert.True(list.Contains("+497911123456"));
        Assert.True(list.Contains("+4915123456780"));
        Assert.True(list.Contains("+494915123456780"));
        Assert.False(list.Contains("+4915123456789"));
    }

    [Fact]
    public void Numbers_sent_unread_are_compared_by_their_digits_so_an_opt_out_is_not_missed_for_its_spaces()
    {
        var list = new ExcludedRecipients(new[] { "+49 151 2345 6789" }, readPhone: null, byDigits: true);

        Assert.True(list.Contains("+4915123456789"));
        Assert.True(list.Contains("+49 (151) 2345-6789"));
        Assert.False(list.Contains("+4915123456780"));
        Assert.False(new ExcludedRecipients(new[] { "+49 151 2345 6789" }, readPhone: null).Contains("+4915123456789"));
    }

    [Fact]
    public void A_national_number_on_the_list_without_a_default_region_ends_the_command()
    {
        var ex = Assert.Throws<SinchBatchException>(() => new ExcludedRecipients(new[] { "0151 23456789" }, new PhoneIdentities(null).Readings));

        Assert.Equal(ExcludedRecipients.InvalidId, ex.ErrorId);
        Assert.Contains("entry 1 ", ex.Message);
    }

    [Theory]
    [InlineData(new[] { 2 }, new[] { "C1", "C3", "C4" })]
    [InlineData(new[] { 1 }, new[] { "C2", "C3", "C4" })]
    [InlineData(new[] { 4 }, new[] { "C1", "C2", "C3" })]
    [InlineData(new[] { 1, 2, 4 }, new[] { "C3" })]
    [InlineData(new[] { 1, 3 }, new[] { "C2", "C4" })]
    public void An_excluded_recipient_keeps_its_part_in_the_digest_but_is_cut_from_the_body(int[] excluded, string[] sent)
    {
        using Spool whole = Filled(4, 4);
        using Spool less = Filled(4, 4, excluded);

        SpooledBatch batch = less.Batches[0];
        JsonElement body = Spools.Body(less, batch);

        Assert.Equal(whole.Batches[0].Digest, batch.Digest);
        Assert.Equal(sent, Spools.ContactIds(body));
        Assert.Equal(batch.Digest, body.GetProperty("batch_metadata").GetProperty("sinchbatch_digest").GetString());
        Assert.Equal((sent.Length, excluded.Length), (batch.Count, batch.Excluded));
        Assert.Equal(sent.Length, less.ReadRows(batch).Length);
        Assert.Equal(sent.Select(id => $"N{id.Substring(1)}"), body.GetProperty("recipient_and_params").EnumerateArray().Select(r => r.GetProperty("parameters").GetProperty("name").GetString()));
    }

    [Fact]
    public void An_excluded_recipient_keeps_its_place_so_the_batches_are_formed_as_without_the_list()
    {
        using Spool whole = Filled(5, 2);
        using Spool less = Filled(5, 2, 2, 3, 4);

        Assert.Equal(whole.Batches.Select(b => (b.Number, b.Digest)), less.Batches.Select(b => (b.Number, b.Digest)));
        Assert.Equal(new[] { (1, 1), (0, 2), (1, 0) }, less.Batches.Select(b => (b.Count, b.Excluded)));
        Assert.Equal(new[] { false, true, false }, less.Batches.Select(b => b.WhollyExcluded));
        Assert.Equal(new[] { "C1" }, Spools.ContactIds(Spools.Body(less, less.Batches[0])));
        Assert.Equal(new[] { "C5" }, Spools.ContactIds(Spools.Body(less, less.Batches[2])));
        Assert.Equal(2, less.Recipients);
    }

    [Fact]
    public void The_summary_counts_accepted_refused_and_excluded_rows_and_batches_already_sent()
    {
        var ledger = new SendLedger("bf", batches: 3, recipients: 5) { RowsRead = 10, RowsRefused = 2 };
        ledger.Excluding(1, wholeBatch: false);
        ledger.HandedOver(3);
        ledger.Writing(Batches.Accepted(1, 3, new Client.BatchAccepted("B1", null)));
        ledger.Written();
        ledger.Excluding(2, wholeBatch: true);
        ledger.HandedOver(0);
        ledger.HandedOver(2);
        ledger.Writing(Batches.Accepted(3, 2, new Client.BatchAccepted("B0", null, "run0-3", alreadySent: true)));
        ledger.Written();

        Assert.Equal(
            "Send-SinchBatch: 10 rows read; 5 recipients accepted in 2 batches, 1 of them already sent by earlier runs; 0 recipients in failed batches; 2 rows refused; 3 rows excluded.",
            ledger.Summary);
        Assert.Equal(100, ledger.PercentComplete);
    }

    [Fact]
    public void Without_a_campaign_the_summary_does_not_mention_earlier_runs()
    {
        var ledger = new SendLedger(null, batches: 0, recipients: 0) { RowsRead = 1 };

        Assert.Equal("Send-SinchBatch: 1 row read; 0 recipients accepted in 0 batches; 0 recipients in failed batches; 0 rows refused; 0 rows excluded.", ledger.Summary);
    }
}
