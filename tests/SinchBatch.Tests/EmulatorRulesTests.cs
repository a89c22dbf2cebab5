using System.Text.Json;
using SinchBatch.Emulator;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>The emulator's own reading of Sinch's rules, which the module's validation is checked against.</summary>
public class EmulatorRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 10, DateTimeKind.Utc);

    private const string Valid = """
        {"app_id":"a","message":{"text_message":{"text":"Hi ${n}"}},
         "recipient_and_params":[{"recipient":{"contact_id":"c"},"parameters":{"n":"Ann"}},
                                 {"recipient":{"identified_by":{"channel_identities":[{"channel":"SMS","identity":"+46"}]}}}]}
        """;

    private static string? Check(string json, params (string Name, string Value)[] set)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var (name, value) in set)
        {
            node[name] = System.Text.Json.Nodes.JsonNode.Parse(value);
        }

        using JsonDocument document = JsonDocument.Parse(node.ToJsonString());
        return BatchRules.Check(document.RootElement, Now);
    }

    [Fact]
    public void A_valid_request_passes() => Assert.Null(Check(Valid));

    [Theory]
    [InlineData("app_id", "\"\"")]
    [InlineData("message", "{}")]
    [InlineData("message", """{"text_message":{"text":"a"},"card_message":{}}""")]
    [InlineData("recipient_and_params", "[]")]
    [InlineData("recipient_and_params", """[{"recipient":{}}]""")]
    [InlineData("recipient_and_params", """[{"recipient":{"contact_id":"c","identified_by":{}}}]""")]
    [InlineData("recipient_and_params", """[{"recipient":{"identified_by":{"channel_identities":[{"channel":"PIGEON","identity":"x"}]}}}]""")]
    [InlineData("recipient_and_params", """[{"recipient":{"contact_id":"c"},"parameters":{"n":1}}]""")]
    [InlineData("ttl", "\"10\"")]
    [InlineData("ttl", "\"2s\"")]
    [InlineData("ttl", "86400")]
    [InlineData("send_after", "\"2026-11-27T14:00:00\"")]
    [InlineData("send_after", "\"2026-12-04T12:00:11Z\"")]
    [InlineData("batch_metadata", """{"_batch_id":"x"}""")]
    [InlineData("processing_strategy", "\"FAST\"")]
    [InlineData("channel_priority_order", "[\"SMS\",\"PIGEON\"]")]
    public void A_request_breaking_a_rule_is_refused(string field, string value) => Assert.NotNull(Check(Valid, (field, value)));

    [Fact]
    public void More_than_1000_recipients_are_refused()
    {
        string many = "[" + string.Join(",", Enumerable.Repeat("""{"recipient":{"contact_id":"c"}}""", 1001)) + "]";
        Assert.Contains("1001", Check(Valid, ("recipient_and_params", many)));
        Assert.Null(Check(Valid, ("recipient_and_params", "[" + string.Join(",", Enumerable.Repeat("""{"recipient":{"contact_id":"c"}}""", 1000)) + "]")));
    }

    [Fact]
    public void Limits_on_correlation_id_and_channel_properties()
    {
        Assert.Null(Check(Valid, ("correlation_id", $"\"{new string('x', 128)}\""), ("channel_properties", $$"""{"K":"{{new string('x', 1024)}}"}""")));
        Assert.NotNull(Check(Valid, ("correlation_id", $"\"{new string('x', 129)}\"")));
        Assert.NotNull(Check(Valid, ("channel_properties", $$"""{"K":"{{new string('x', 1025)}}"}""")));
    }

    [Theory]
    [InlineData("2026-11-27T12:00:40Z", "2026-11-27T12:00:40Z")]
    [InlineData("2026-11-27T12:01:11Z", "2026-11-27T12:05:00Z")]
    [InlineData("2026-11-27T12:05:00Z", "2026-11-27T12:05:00Z")]
    [InlineData("2026-12-04T11:59:59Z", "2026-12-04T12:00:00Z")]
    public void Send_after_is_kept_under_a_minute_ahead_and_rounded_up_to_five_minutes_beyond(string asked, string scheduled)
    {
        using JsonDocument document = JsonDocument.Parse($$"""{"send_after":"{{asked}}"}""");
        Assert.Equal(DateTime.Parse(scheduled, null, System.Globalization.DateTimeStyles.AdjustToUniversal), BatchRules.ScheduledTime(document.RootElement, Now));
    }

    [Fact]
    public void Without_send_after_the_batch_goes_now() =>
        Assert.Equal(Now.AddSeconds(0), BatchRules.ScheduledTime(JsonDocument.Parse("{}").RootElement, Now.AddMilliseconds(300)));
}
