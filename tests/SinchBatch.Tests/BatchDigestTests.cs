using System.Collections;
using System.Globalization;
using System.Text.Json;
using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using Xunit;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

public class BatchDigestTests
{
    private const string Text = "Hi ${name}, ${amount} EUR are due on ${due}";

    private static List<KeyValuePair<string, object?>> Row(params (string Name, object? Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, object?>(f.Name, f.Value)).ToList();

    /// <summary>Rows as Import-Csv would not give them: raw numbers and dates, which only an invariant conversion keeps culture-free.</summary>
    private static List<IReadOnlyList<KeyValuePair<string, object?>>> Rows() => new()
    {
        Row(("contact_id", "C1"), ("name", "Ann"), ("amount", 1.5d), ("due", new DateTime(2026, 11, 28, 13, 45, 0, DateTimeKind.Utc))),
        Row(("contact_id", 2), ("name", "Zoë"), ("amount", 1234.25m), ("due", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc))),
        Row(("contact_id", "C3"), ("name", "Ida"), ("amount", -0.125f), ("due", new DateTime(2027, 1, 9, 8, 5, 3, DateTimeKind.Utc))),
    };

    private static BatchTemplate Template(string text = Text, string? campaignId = "black-friday-2026") =>
        new() { AppId = "app", Message = AppMessage.FromText(text), CampaignId = campaignId };

    private static Batch Finished(BatchTemplate template, IEnumerable<IReadOnlyList<KeyValuePair<string, object?>>> rows, int number = 1, string? requestId = null) =>
        Write(template, rows, number, requestId).Batch;

    /// <summary>Maps the rows as Send-SinchBatch does and closes the batch: the batch, and the request body it wrote.</summary>
    private static (Batch Batch, JsonElement Body) Write(
        BatchTemplate template, IEnumerable<IReadOnlyList<KeyValuePair<string, object?>>> rows, int number = 1, string? requestId = null)
    {
        var mapper = new RecipientMapper(new RecipientColumns("contact_id", template.Message.Placeholders) { ParameterProperty = new[] { "*" } });
        var batch = new Batch(new BatchWriter(template));
        batch.Start(number, requestId);
        long rowNumber = 0;
        foreach (var row in rows)
        {
            batch.Add(mapper.Map(row, ++rowNumber));
        }

        ArraySegment<byte> body = batch.Close();
        return (batch, JsonDocument.Parse(body.AsMemory()).RootElement.Clone());
    }

    private static string Digest(BatchTemplate template, IEnumerable<IReadOnlyList<KeyValuePair<string, object?>>> rows, int number = 1, string? requestId = null) =>
        Finished(template, rows, number, requestId).Digest!;

    private static T InCulture<T>(string name, Func<T> action)
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        CultureInfo beforeUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = beforeUi;
        }
    }

    [Fact]
    public void The_digest_is_the_same_whatever_the_current_culture()
    {
        // A message built from a tree with a number in it, and rows with doubles, decimals and dates: each culture below writes those differently.
        static string DigestHere() => Digest(
            new BatchTemplate
            {
                AppId = "app",
                Message = AppMessage.From(new Hashtable { ["text_message"] = new Hashtable { ["text"] = Text }, ["agent"] = new Hashtable { ["display_name"] = "Shop", ["rating"] = 4.5d } }),
                CampaignId = "c",
            },
            Rows());

        Assert.Equal("1,5", InCulture("de-DE", () => 1.5d.ToString(CultureInfo.CurrentCulture)));
        Assert.NotEqual(
            InCulture("en-US", () => new DateTime(2026, 11, 28, 13, 45, 0).ToString(CultureInfo.CurrentCulture)),
            InCulture("tr-TR", () => new DateTime(2026, 11, 28, 13, 45, 0).ToString(CultureInfo.CurrentCulture)));

        string english = InCulture("en-US", DigestHere);
        Assert.Equal(english, InCulture("de-DE", DigestHere));
        Assert.Equal(english, InCulture("tr-TR", DigestHere));
        Assert.Equal(english, InCulture("sv-SE", DigestHere));
        Assert.Equal(english, InCulture("ja-JP", DigestHere));
        Assert.Equal(english, DigestHere());
    }

    [Fact]
    public void The_digest_of_a_fixed_input_is_a_fixed_value()
    {
        // Computed once: the first 16 bytes of SHA-256 over the app and the message as written,
        // ["app",{"text_message":{"text":"Hi ${name}, ${amount} EUR are due on ${due}"}}], followed by the recipient entries as written,
        // {"recipient":{"contact_id":"C1"},"parameters":{"amount":"1.5","due":"11/28/2026 13:45:00","name":"Ann"}},{...},{...}]
        // It must never change, or a re-run of every campaign sent before the change would stop with CampaignChanged.
        string digest = InCulture("de-DE", () => Digest(Template(), Rows()));

        Assert.Equal("a2ca4c1107b75391b8670085e920a08d", digest);
    }

    [Fact]
    public void The_digest_does_not_depend_on_the_order_of_a_row_s_columns()
    {
        // A hashtable row enumerates in another order in every process: a re-run must still find its batches.
        var rows = new List<IReadOnlyList<KeyValuePair<string, object?>>> { Row(("contact_id", "C1"), ("name", "Ann"), ("amount", 2), ("due", "soon")) };
        var reordered = new List<IReadOnlyList<KeyValuePair<string, object?>>> { Row(("due", "soon"), ("amount", 2), ("name", "Ann"), ("contact_id", "C1")) };

        Assert.Equal(Digest(Template(), rows), Digest(Template(), reordered));
    }

    [Fact]
    public void The_digest_is_128_bits_in_lower_case_hex() =>
        Assert.Matches("^[0-9a-f]{32}$", Digest(Template(), Rows()));

    public static TheoryData<string> Changes => new()
    {
        "first recipient id", "last recipient id", "a parameter of the first row", "a parameter of the last row",
        "a date parameter", "a number parameter", "a parameter name", "the message", "the row order", "a row more", "a row less",
        "identities instead of contact ids", "the app",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_digest_changes_with_what_the_batch_holds(string change)
    {
        string before = Digest(Template(), Rows());
        BatchTemplate template = Template();
        var rows = Rows();
        switch (change)
        {
            case "first recipient id":
                rows[0] = Row(("contact_id", "C1x"), ("name", "Ann"), ("amount", 1.5d), ("due", new DateTime(2026, 11, 28, 13, 45, 0, DateTimeKind.Utc)));
                break;
            case "last recipient id":
                rows[2] = Row(("contact_id", "C4"), ("name", "Ida"), ("amount", -0.125f), ("due", new DateTime(2027, 1, 9, 8, 5, 3, DateTimeKind.Utc)));
                break;
            case "a parameter of the first row":
                rows[0] = Row(("contact_id", "C1"), ("name", "Anne"), ("amount", 1.5d), ("due", new DateTime(2026, 11, 28, 13, 45, 0, DateTimeKind.Utc)));
                break;
            case "a parameter of the last row":
                rows[2] = Row(("contact_id", "C3"), ("name", "Ida"), ("amount", -0.126f), ("due", new DateTime(2027, 1, 9, 8, 5, 3, DateTimeKind.Utc)));
                break;
            case "a date parameter":
                rows[1] = Row(("contact_id", 2), ("name", "Zoë"), ("amount", 1234.25m), ("due", new DateTime(2026, 12, 1, 0, 0, 1, DateTimeKind.Utc)));
                break;
            case "a number parameter":
                rows[0] = Row(("contact_id", "C1"), ("name", "Ann"), ("amount", 1.25d), ("due", new DateTime(2026, 11, 28, 13, 45, 0, DateTimeKind.Utc)));
                break;
            case "a parameter name":
                rows[0] = Row(("contact_id", "C1"), ("name", "Ann"), ("amount", 1.5d), ("due", new DateTime(2026, 11, 28, 13, 45, 0, DateTimeKind.Utc)), ("extra", "x"));
                break;
            case "the message":
                template = Template(Text + "!");
                break;
            case "the app":
                template = Template();
                template.AppId = "another-app";
                break;
            case "the row order":
                (rows[0], rows[1]) = (rows[1], rows[0]);
                break;
            case "a row more":
                rows.Add(Row(("contact_id", "C5"), ("name", "Bo"), ("amount", 1), ("due", "tomorrow")));
                break;
            case "a row less":
                rows.RemoveAt(2);
                break;
            case "identities instead of contact ids":
                template.Channels = new[] { SinchChannel.SMS };
                break;
            default:
                throw new ArgumentException(change);
        }

        Assert.NotEqual(before, Digest(template, rows));
    }

    [Fact]
    public void The_digest_does_not_change_with_the_schedule_the_batch_metadata_the_ttl_or_the_request_id()
    {
        string plain = Digest(Template(), Rows(), number: 3, requestId: "run1-3");

        BatchTemplate dressed = Template();
        dressed.SendAfter = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
        dressed.BatchMetadata = new Hashtable { ["wave"] = 2, ["team"] = "sales" };
        dressed.Ttl = "3600s";

        Assert.Equal(plain, Digest(dressed, Rows(), number: 3, requestId: "run2-3"));
        Assert.Equal(plain, Digest(Template(), Rows(), number: 3, requestId: null));

        BatchTemplate later = Template();
        later.SendAfter = new DateTime(2026, 11, 29, 18, 30, 0, DateTimeKind.Utc);
        later.Ttl = "60s";
        Assert.Equal(plain, Digest(later, Rows(), number: 3, requestId: "run3-3"));
    }

    [Fact]
    public void A_reused_batch_has_the_digest_of_its_new_rows_only()
    {
        BatchTemplate template = Template();
        var mapper = new RecipientMapper(new RecipientColumns("contact_id", template.Message.Placeholders) { ParameterProperty = new[] { "*" } });
        var batch = new Batch(new BatchWriter(template));
        batch.Start(1, null);
        batch.Add(mapper.Map(Row(("contact_id", "other"), ("name", "x"), ("amount", 9), ("due", "d")), 1));
        batch.Close();

        batch.Start(1, null);
        long n = 0;
        foreach (var row in Rows())
        {
            batch.Add(mapper.Map(row, ++n));
        }

        batch.Close();

        Assert.Equal(Digest(template, Rows()), batch.Digest);
    }

    [Fact]
    public void A_campaign_batch_carries_its_campaign_number_and_digest_in_its_batch_metadata()
    {
        BatchTemplate template = Template();
        template.BatchMetadata = new Hashtable { ["team"] = "sales" };
        var (batch, body) = Write(template, Rows(), number: 12, requestId: "run-12");

        JsonElement metadata = body.GetProperty("batch_metadata");

        Assert.Equal("black-friday-2026", metadata.GetProperty(MetadataKeys.Campaign).GetString());
        Assert.Equal("12", metadata.GetProperty(MetadataKeys.BatchNumber).GetString());
        Assert.Equal(batch.Digest, metadata.GetProperty(MetadataKeys.Digest).GetString());
        Assert.Equal("run-12", metadata.GetProperty(MetadataKeys.RequestId).GetString());
        Assert.Equal(Rows().Count.ToString(CultureInfo.InvariantCulture), metadata.GetProperty(MetadataKeys.RecipientCount).GetString());
        Assert.Equal("sales", metadata.GetProperty("team").GetString());
        Assert.Equal(
            new[] { "sinchbatch_batch", "sinchbatch_campaign", "sinchbatch_digest", "sinchbatch_recipients", "sinchbatch_request_id", "team" },
            metadata.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void The_batch_number_in_the_metadata_is_invariant()
    {
        JsonElement body = InCulture("ar-SA", () => Write(Template(), Rows(), number: 1234).Body);

        Assert.Equal("1234", body.GetProperty("batch_metadata").GetProperty(MetadataKeys.BatchNumber).GetString());
    }

    [Fact]
    public void Without_a_campaign_there_is_no_digest_and_no_campaign_metadata()
    {
        BatchTemplate template = Template(campaignId: null);
        template.BatchMetadata = new Hashtable { ["team"] = "sales" };
        var (batch, body) = Write(template, Rows(), number: 2, requestId: "run-2");

        Assert.Null(batch.Digest);
        Assert.Null(new BatchWriter(template).Digest);
        Assert.Equal(
            new[] { "sinchbatch_request_id", "team" },
            body.GetProperty("batch_metadata").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_campaign_a_request_id_or_batch_metadata_there_is_no_batch_metadata_at_all()
    {
        var (batch, body) = Write(Template(campaignId: null), Rows(), number: 2);

        Assert.Null(batch.Digest);
        Assert.False(body.TryGetProperty("batch_metadata", out _));
    }
}
