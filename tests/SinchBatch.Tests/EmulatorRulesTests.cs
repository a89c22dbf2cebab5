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

    /// <summary>Every name the emulator knows, at every level, as the module's writer and Sinch's reference have them.</summary>
    private const string Full = """
        {"app_id":"a",
         "message":{"text_message":{"text":"Hi ${n}"},
                    "explicit_channel_message":{"WHATSAPP":"{}"},
                    "explicit_channel_omni_message":{"SMS":{"text_message":{"text":"Hi"}}},
                    "channel_specific_message":{"WHATSAPP":{"message_type":"FLOWS","message":{}}},
                    "agent":{"display_name":"Shop","type":"BOT"}},
         "recipient_and_params":[
           {"recipient":{"contact_id":"c"},"parameters":{"n":"Ann"},"message_metadata":{"k":"v"},"conversation_metadata":{"k":1}},
           {"recipient":{"identified_by":{"channel_identities":[{"channel":"SMS","identity":"+46","app_id":"a"}]}}}],
         "processing_strategy":"DISPATCH_ONLY",
         "batch_metadata":{"run":"1"},
         "message_metadata":{"source":"crm"},
         "conversation_metadata":{"order":{"id":7}},
         "send_after":"2026-11-28T09:00:00Z",
         "channel_priority_order":["WHATSAPP","SMS"],
         "ttl":"86400s",
         "channel_properties":{"WHATSAPP_HEADER":"h"},
         "correlation_id":"x",
         "callback_url":"https://example.com/callback"}
        """;

    private static string? CheckMessage(string message) => Check(Valid, ("message", message));

    private static string Unknown(string name, string? at = null) => at is null
        ? $"Invalid JSON payload received. Unknown name \"{name}\": Cannot find field."
        : $"Invalid JSON payload received. Unknown name \"{name}\" at '{at}': Cannot find field.";

    [Fact]
    public void A_full_request_with_every_known_field_passes() => Assert.Null(Check(Full));

    [Theory]
    [InlineData("""["SMS"]""")]
    [InlineData("""[{"channel":7,"identity":"+46701234567"}]""")]
    [InlineData("""[{"channel":"FAX","identity":"+46701234567"}]""")]
    public void A_channel_identity_that_is_no_object_or_has_no_known_channel_is_refused_not_crashed_on(string identities) =>
        Assert.Contains(
            "needs a known channel",
            Check(Valid, ("recipient_and_params", """[{"recipient":{"identified_by":{"channel_identities":""" + identities + "}}}]")));

    [Fact]
    public void An_unknown_top_level_field_is_refused_by_name() =>
        Assert.Equal(Unknown("app_idd"), Check(Valid, ("app_idd", "\"a\"")));

    [Fact]
    public void An_unknown_field_in_a_recipient_entry_is_refused_with_its_path() =>
        Assert.Equal(
            Unknown("paramters", "recipient_and_params[1]"),
            Check(Valid, ("recipient_and_params", """[{"recipient":{"contact_id":"c"}},{"recipient":{"contact_id":"d"},"paramters":{"n":"Bo"}}]""")));

    [Fact]
    public void An_unknown_field_in_a_recipient_is_refused_with_its_path() =>
        Assert.Equal(
            Unknown("contactId", "recipient_and_params[0].recipient"),
            Check(Valid, ("recipient_and_params", """[{"recipient":{"contactId":"c"}}]""")));

    [Fact]
    public void An_unknown_field_in_identified_by_is_refused_with_its_path() =>
        Assert.Equal(
            Unknown("channel_identity", "recipient_and_params[0].recipient.identified_by"),
            Check(Valid, ("recipient_and_params", """[{"recipient":{"identified_by":{"channel_identities":[{"channel":"SMS","identity":"+46"}],"channel_identity":{}}}}]""")));

    [Fact]
    public void An_unknown_field_in_a_channel_identity_is_refused_with_its_path() =>
        Assert.Equal(
            Unknown("identiy", "recipient_and_params[0].recipient.identified_by.channel_identities[1]"),
            Check(Valid, ("recipient_and_params", """[{"recipient":{"identified_by":{"channel_identities":[{"channel":"SMS","identity":"+46"},{"channel":"RCS","identiy":"+46"}]}}}]""")));

    [Fact]
    public void An_unknown_field_beside_the_message_kind_is_refused_with_its_path() =>
        Assert.Equal(Unknown("agnet", "message"), CheckMessage("""{"text_message":{"text":"a"},"agnet":{}}"""));

    [Fact]
    public void Fields_inside_a_message_kind_are_not_checked_by_name() =>
        Assert.Null(CheckMessage("""{"text_message":{"text":"a","txet":"b"}}"""));

    [Fact]
    public void A_message_kind_that_is_not_an_object_is_refused() =>
        Assert.Equal("message.text_message must be an object.", CheckMessage("""{"text_message":"Hi"}"""));

    [Fact]
    public void A_text_message_without_text_is_refused()
    {
        Assert.Equal("message.text_message.text is required.", CheckMessage("""{"text_message":{}}"""));
        Assert.Equal("message.text_message.text is required.", CheckMessage("""{"text_message":{"text":""}}"""));
    }

    [Fact]
    public void A_media_message_without_url_is_refused() =>
        Assert.Equal("message.media_message.url is required.", CheckMessage("""{"media_message":{"thumbnail_url":"https://x/t.png"}}"""));

    [Fact]
    public void A_template_message_without_a_template_is_refused() =>
        Assert.Equal(
            "message.template_message requires one of omni_template, channel_template.",
            CheckMessage("""{"template_message":{"omni_template":null}}"""));

    [Fact]
    public void A_choice_message_without_choices_is_refused()
    {
        Assert.Equal("message.choice_message.choices is required.", CheckMessage("""{"choice_message":{"text_message":{"text":"Pick"}}}"""));
        Assert.Equal("message.choice_message.choices is required.", CheckMessage("""{"choice_message":{"text_message":{"text":"Pick"},"choices":[]}}"""));
    }

    [Fact]
    public void A_card_message_without_title_description_or_media_is_refused() =>
        Assert.Equal(
            "message.card_message requires one of title, description, media_message.",
            CheckMessage("""{"card_message":{"choices":[{"text_message":{"text":"A"}}]}}"""));

    [Fact]
    public void A_carousel_message_without_cards_is_refused() =>
        Assert.Equal("message.carousel_message.cards is required.", CheckMessage("""{"carousel_message":{"choices":[]}}"""));

    [Fact]
    public void A_location_message_without_coordinates_is_refused() =>
        Assert.Equal("message.location_message.coordinates is required.", CheckMessage("""{"location_message":{"title":"HQ"}}"""));

    [Fact]
    public void A_location_message_without_title_is_refused() =>
        Assert.Equal(
            "message.location_message.title is required.",
            CheckMessage("""{"location_message":{"coordinates":{"latitude":59.33,"longitude":18.06}}}"""));

    [Fact]
    public void A_list_message_without_title_is_refused() =>
        Assert.Equal("message.list_message.title is required.", CheckMessage("""{"list_message":{"sections":[{"title":"s","items":[]}]}}"""));

    [Fact]
    public void A_list_message_without_sections_is_refused() =>
        Assert.Equal("message.list_message.sections is required.", CheckMessage("""{"list_message":{"title":"Menu"}}"""));

    [Fact]
    public void A_contact_info_message_without_name_is_refused() =>
        Assert.Equal(
            "message.contact_info_message.name is required.",
            CheckMessage("""{"contact_info_message":{"phone_numbers":[{"phone_number":"+46701234561"}]}}"""));

    [Fact]
    public void A_contact_info_message_without_phone_numbers_is_refused() =>
        Assert.Equal(
            "message.contact_info_message.phone_numbers is required.",
            CheckMessage("""{"contact_info_message":{"name":{"full_name":"Ann"}}}"""));

    [Theory]
    [InlineData("""{"text_message":{"text":"Hi ${n}"}}""")]
    [InlineData("""{"media_message":{"url":"https://example.com/a.png"}}""")]
    [InlineData("""{"template_message":{"omni_template":{"template_id":"t-1","version":"1"}}}""")]
    [InlineData("""{"template_message":{"channel_template":{"WHATSAPP":{"template_id":"t-1","version":"1"}}}}""")]
    [InlineData("""{"choice_message":{"text_message":{"text":"Pick"},"choices":[{"text_message":{"text":"A"}}]}}""")]
    [InlineData("""{"card_message":{"title":"Card"}}""")]
    [InlineData("""{"card_message":{"description":"d"}}""")]
    [InlineData("""{"card_message":{"media_message":{"url":"https://example.com/a.png"}}}""")]
    [InlineData("""{"carousel_message":{"cards":[{"title":"one"},{"title":"two"}]}}""")]
    [InlineData("""{"location_message":{"title":"HQ","coordinates":{"latitude":59.33,"longitude":18.06}}}""")]
    [InlineData("""{"list_message":{"title":"Menu","sections":[{"title":"s","items":[]}]}}""")]
    [InlineData("""{"contact_info_message":{"name":{"full_name":"Ann"},"phone_numbers":[{"phone_number":"+46701234561"}]}}""")]
    public void Each_message_kind_with_its_required_content_passes(string message) => Assert.Null(CheckMessage(message));

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
