using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using SinchBatch.Checking;
using SinchBatch.Input;
using SinchBatch.Recipients;
using Xunit;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

public class SpoolTests
{
    private static readonly RowShape Csv = new(new[] { "contact_id", "name", "code" }, RowShape.PlainTypeNames);

    private static RowValues Values(RowShape shape, params string?[] values)
    {
        var row = new RowValues(shape);
        values.CopyTo(row.Values, 0);
        return row;
    }

    private static List<(string Name, object? Value)> Properties(object? row) =>
        ((PSObject)row!).Properties.Select(p => (p.Name, (object?)p.Value)).ToList();

    private static SinchBatchException Why(string errorId, string message) => new(errorId, SinchErrorCategory.InvalidData, message);

    [Fact]
    public void A_batchs_body_read_back_is_the_request_body_written_with_its_recipients_request_id_number_and_digest()
    {
        using Spool spool = Spools.New(batchSize: 2, campaignId: "bf");
        for (int i = 1; i <= 3; i++)
        {
            spool.Add(Spools.Recipient(i), null);
        }

        spool.Close();
        var written = new Batch(new BatchWriter(Spools.Template("bf")));
        written.Start(2, "run-2");
        written.Add(Spools.Recipient(3));
        ArraySegment<byte> expected = written.Close();

        SpooledBatch second = spool.Batches[1];
        byte[] buffer = new byte[16];
        ArraySegment<byte> body = spool.ReadBody(second, ref buffer);
        JsonElement json = Spools.Body(spool, second);
        JsonElement metadata = json.GetProperty("batch_metadata");

        Assert.Equal(Spools.Text(expected), Spools.Text(body));
        Assert.Equal(new[] { "C3" }, Spools.ContactIds(json));
        Assert.Equal("N3", json.GetProperty("recipient_and_params")[0].GetProperty("parameters").GetProperty("name").GetString());
        Assert.Equal("run-2", metadata.GetProperty("sinchbatch_request_id").GetString());
        Assert.Equal("bf", metadata.GetProperty("sinchbatch_campaign").GetString());
        Assert.Equal("2", metadata.GetProperty("sinchbatch_batch").GetString());
        Assert.Equal(written.Digest, metadata.GetProperty("sinchbatch_digest").GetString());
        Assert.Equal(written.Digest, second.Digest);
        Assert.Matches("^[0-9a-f]{32}$", second.Digest);
        Assert.Equal(("run-2", 2, 1), (second.RequestId, second.Number, second.Count));
        Assert.Equal(new[] { "C1", "C2" }, Spools.ContactIds(Spools.Body(spool, spool.Batches[0])));
        Assert.NotEqual(second.Digest, spool.Batches[0].Digest);
    }

    [Fact]
    public void Without_a_campaign_a_batch_names_its_request_but_has_no_number_or_digest()
    {
        using Spool spool = Spools.New();
        spool.Add(Spools.Recipient(1), null);
        spool.Close();

        JsonElement metadata = Spools.Body(spool, spool.Batches[0]).GetProperty("batch_metadata");

        Assert.Equal("run-1", metadata.GetProperty("sinchbatch_request_id").GetString());
        Assert.False(metadata.TryGetProperty("sinchbatch_batch", out _));
        Assert.False(metadata.TryGetProperty("sinchbatch_digest", out _));
        Assert.Null(spool.Batches[0].Digest);
    }

    [Theory]
    [InlineData(999, new[] { 999 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(1001, new[] { 1000, 1 })]
    [InlineData(2500, new[] { 1000, 1000, 500 })]
    public void Batches_split_at_the_batch_size_and_close_spools_the_last_partial_one(int rows, int[] counts)
    {
        using Spool spool = Spools.New(batchSize: 1000);
        for (int i = 1; i <= rows; i++)
        {
            spool.Add(Spools.Recipient(i), null);
        }

        Assert.Equal(rows / 1000, spool.Batches.Count);
        spool.Close();

        Assert.Equal(counts, spool.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(1, counts.Length), spool.Batches.Select(b => b.Number));
        Assert.Equal(Enumerable.Range(1, counts.Length).Select(n => "run-" + n), spool.Batches.Select(b => b.RequestId));
        Assert.Equal(rows, spool.Recipients);
        int first = 1;
        foreach (SpooledBatch batch in spool.Batches)
        {
            Assert.Equal(Enumerable.Range(first, batch.Count).Select(i => "C" + i), Spools.ContactIds(Spools.Body(spool, batch)));
            first += batch.Count;
        }
    }

    [Fact]
    public void A_spool_closed_without_rows_has_no_batches()
    {
        using Spool spool = Spools.New();
        spool.Close();

        Assert.Empty(spool.Batches);
        Assert.Equal(0, spool.Recipients);
    }

    [Fact]
    public void An_import_csv_row_comes_back_as_an_equal_new_object_with_its_properties_in_order_and_its_nulls()
    {
        using Spool spool = Spools.New();
        RowValues first = Values(Csv, "c-1", "Ann, the first", "");
        spool.Add(Spools.Recipient(1), first);
        spool.Add(Spools.Recipient(2), Values(Csv, "c-2", null, "Zoë"));
        spool.Close();

        object?[] back = spool.ReadRows(spool.Batches[0]);

        Assert.Equal(new[] { ("contact_id", (object?)"c-1"), ("name", "Ann, the first"), ("code", "") }, Properties(back[0]));
        Assert.Equal(new[] { ("contact_id", (object?)"c-2"), ("name", null), ("code", "Zoë") }, Properties(back[1]));
        Assert.IsType<PSCustomObject>(((PSObject)back[0]!).BaseObject);
        Assert.Equal(RowShape.PlainTypeNames, ((PSObject)back[0]!).TypeNames);
        Assert.NotSame(first, back[0]);
    }

    [Fact]
    public void An_import_csv_row_keeps_the_type_names_of_its_shape()
    {
        var typed = new RowShape(new[] { "contact_id" }, new[] { "Customer", "CSV:Customer" });
        using Spool spool = Spools.New();
        spool.Add(Spools.Recipient(1), Values(typed, "c-1"));
        spool.Close();

        Assert.Equal(new[] { "Customer", "CSV:Customer" }, ((PSObject)spool.ReadRows(spool.Batches[0])[0]!).TypeNames);
    }

    [Fact]
    public void Rows_of_every_kind_come_back_in_input_order_and_rows_not_kept_as_text_as_the_same_instances()
    {
        var other = new RowShape(new[] { "phone" }, RowShape.PlainTypeNames);
        var hashtable = new Hashtable { ["contact_id"] = "c-2" };
        var item = new PSObject(new Uri("https://example.com/c-4"));
        using Spool spool = Spools.New(batchSize: 3);
        spool.Add(Spools.Recipient(1), Values(Csv, "c-1", "Ann", "1"));
        spool.Add(Spools.Recipient(2), hashtable);
        spool.Add(Spools.Recipient(3), Values(other, "+46701234567"));
        spool.Add(Spools.Recipient(4), item);
        spool.Add(Spools.Recipient(5), null);
        spool.Add(Spools.Recipient(6), Values(Csv, "c-6", "Ida", new string('x', 100_000)));
        spool.Close();

        object?[] first = spool.ReadRows(spool.Batches[0]);
        object?[] second = spool.ReadRows(spool.Batches[1]);

        Assert.Equal(3, first.Length);
        Assert.Equal("c-1", Properties(first[0])[0].Value);
        Assert.Same(hashtable, first[1]);
        Assert.Equal(new[] { ("phone", (object?)"+46701234567") }, Properties(first[2]));
        Assert.Equal(3, second.Length);
        Assert.Same(item, second[0]);
        Assert.Null(second[1]);
        Assert.Equal(new[] { ("contact_id", (object?)"c-6"), ("name", "Ida"), ("code", new string('x', 100_000)) }, Properties(second[2]));
    }

    [Fact]
    public void The_values_are_copied_as_a_row_is_added_so_the_readers_reused_values_can_change()
    {
        using Spool spool = Spools.New();
        RowValues reused = Values(Csv, "c-1", "Ann", "1");
        spool.Add(Spools.Recipient(1), reused);
        reused.Values[1] = "Bo";
        spool.Add(Spools.Recipient(2), reused);
        reused.Values[1] = "Cy";
        spool.Close();

        object?[] back = spool.ReadRows(spool.Batches[0]);

        Assert.Equal("Ann", Properties(back[0])[1].Value);
        Assert.Equal("Bo", Properties(back[1])[1].Value);
    }

    [Fact]
    public void Refused_rows_come_back_in_order_with_their_number_error_id_and_reason_between_spooled_batches()
    {
        var hashtable = new Hashtable { ["contact_id"] = "" };
        RowValues reused = Values(Csv, "c-2", "Bo", "2");
        using Spool spool = Spools.New(batchSize: 1);
        spool.Add(Spools.Recipient(1), Values(Csv, "c-1", "Ann", "1"));
        spool.Refuse(reused, 2, Why("SinchBatch.MissingParameter", "Row 2 lacks a value for ${name}."));
        reused.Values[1] = "changed";
        spool.Refuse(hashtable, 3, Why("SinchBatch.MissingRecipient", "Row 3 has no recipient."));
        spool.Add(Spools.Recipient(4), Values(Csv, "c-4", "Dan", "4"));
        spool.Refuse(null, 5, Why("SinchBatch.NullRow", "Row 5 is null, so it has no recipient."));
        spool.Close();

        var refused = spool.ReadRefused().ToList();

        Assert.Equal(new[] { 2L, 3L, 5L }, refused.Select(r => r.Number));
        Assert.Equal(new[] { "SinchBatch.MissingParameter", "SinchBatch.MissingRecipient", "SinchBatch.NullRow" }, refused.Select(r => r.ErrorId));
        Assert.Equal(new[] { "Row 2 lacks a value for ${name}.", "Row 3 has no recipient.", "Row 5 is null, so it has no recipient." }, refused.Select(r => r.Reason));
        Assert.Equal(new[] { ("contact_id", (object?)"c-2"), ("name", "Bo"), ("code", "2") }, Properties(refused[0].Row));
        Assert.Same(hashtable, refused[1].Row);
        Assert.Null(refused[2].Row);
        Assert.Equal(3, spool.Refused.Count);
        Assert.Equal(new[] { "C1" }, Spools.ContactIds(Spools.Body(spool, spool.Batches[0])));
        Assert.Equal("c-4", Properties(spool.ReadRows(spool.Batches[1])[0])[0].Value);
    }

    [Fact]
    public void Reading_refused_rows_stops_at_the_most_asked_for()
    {
        using Spool spool = Spools.New();
        for (int i = 1; i <= 5; i++)
        {
            spool.Refuse(null, i, Why("SinchBatch.NullRow", "null"));
        }

        spool.Close();

        Assert.Equal(new[] { 1L, 2L, 3L }, spool.ReadRefused(3).Select(r => r.Number));
        Assert.Equal(5, spool.ReadRefused().Count());
        Assert.Equal(5, spool.Refused.Count);
    }

    [Fact]
    public void The_summary_counts_refused_rows_by_reason_most_first_and_names_the_first_rows_and_reason_of_each()
    {
        var refused = new RefusedRows();
        refused.Add(2, Why("SinchBatch.MissingRecipient", "Row 2 has no recipient."));
        foreach (long row in new long[] { 1, 3, 6, 8 })
        {
            refused.Add(row, Why("SinchBatch.InvalidPhoneNumber", $"Row {row}'s +4915••• has no country code; add -DefaultRegion DE."));
        }

        refused.Add(9, Why("SinchBatch.DuplicateRecipient", "Row 9 repeats row 8."));
        refused.Add(10, Why("SinchBatch.DuplicateRecipient", "Row 10 repeats row 8."));

        Assert.Equal(
            "7 of 2,000 rows were refused; nothing was sent: "
            + "4 InvalidPhoneNumber (rows 1, 3, 6, …; the first: Row 1's +4915••• has no country code; add -DefaultRegion DE), "
            + "2 DuplicateRecipient (rows 9, 10; the first: Row 9 repeats row 8), "
            + "1 MissingRecipient (Row 2 has no recipient). "
            + "Fix those rows and run the command again, or add -SkipInvalidRow to send the other rows. "
            + "The refused rows are this error's TargetObject, each with its SinchBatchRow, SinchBatchErrorId and SinchBatchReason: "
            + "`$err.TargetObject | Export-Csv refused.csv` lists them.",
            refused.Summary(2000));
    }

    [Theory]
    [InlineData(10_000, "10,000 of 20,000 rows were refused", "The refused rows are this error's TargetObject")]
    [InlineData(10_001, "10,001 of 20,000 rows were refused", "The first 10,000 refused rows are this error's TargetObject")]
    public void The_summary_says_when_the_error_holds_only_the_first_10000_refused_rows(int count, string counted, string handedBack)
    {
        var refused = new RefusedRows();
        for (int i = 1; i <= count; i++)
        {
            refused.Add(i, Why("SinchBatch.InvalidPhoneNumber", "Bad."));
        }

        string summary = refused.Summary(20_000);

        Assert.StartsWith(counted + "; nothing was sent: " + count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " InvalidPhoneNumber (rows 1, 2, 3, …; the first: Bad). ", summary);
        Assert.Contains(handedBack + ", each with", summary);
    }
}
