using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SinchBatch.Emulator;

/// <summary>
/// Sinch's rules for a batch request, written from the API reference on their own: this is the
/// second opinion on the module's validation, so it shares none of its code.
/// </summary>
public static class BatchRules
{
    private static readonly string[] MessageKinds =
    {
        "text_message", "media_message", "template_message", "choice_message", "card_message",
        "carousel_message", "location_message", "list_message", "contact_info_message",
    };

    private static readonly string[] Channels =
    {
        "WHATSAPP", "RCS", "SMS", "MESSENGER", "VIBER", "VIBERBM", "MMS", "INSTAGRAM",
        "TELEGRAM", "KAKAOTALK", "KAKAOTALKCHAT", "LINE", "WECHAT", "APPLEBC",
    };

    private static readonly Regex Ttl = new(@"^([0-9]+)s$");

    /// <summary>The first rule the request breaks, worded as Sinch would, or null when it is valid.</summary>
    public static string? Check(JsonElement body, DateTime now)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "The request body must be a JSON object.";
        }

        if (!body.TryGetProperty("app_id", out JsonElement appId) || appId.ValueKind != JsonValueKind.String || appId.GetString()!.Length == 0)
        {
            return "app_id is required.";
        }

        return CheckMessage(body)
            ?? CheckRecipients(body)
            ?? CheckOptional(body, now);
    }

    /// <summary>When the batch goes out: now, or send_after as Sinch rounds it.</summary>
    public static DateTime ScheduledTime(JsonElement body, DateTime now)
    {
        if (!body.TryGetProperty("send_after", out JsonElement value))
        {
            return Truncate(now);
        }

        DateTime asked = DateTime.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        if (asked - now < TimeSpan.FromMinutes(1))
        {
            return Truncate(asked);
        }

        var fiveMinutes = TimeSpan.FromMinutes(5);
        DateTime truncated = Truncate(asked);
        long over = truncated.Ticks % fiveMinutes.Ticks;
        return over == 0 ? truncated : new DateTime(truncated.Ticks - over + fiveMinutes.Ticks, DateTimeKind.Utc);
    }

    private static string? CheckMessage(JsonElement body)
    {
        if (!body.TryGetProperty("message", out JsonElement message) || message.ValueKind != JsonValueKind.Object)
        {
            return "message is required and must be an object.";
        }

        int kinds = message.EnumerateObject().Count(p => MessageKinds.Contains(p.Name));
        return kinds == 1 ? null : $"message must hold exactly one message type; it holds {kinds}.";
    }

    private static string? CheckRecipients(JsonElement body)
    {
        if (!body.TryGetProperty("recipient_and_params", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return "recipient_and_params is required.";
        }

        int count = list.GetArrayLength();
        if (count < 1 || count > 1000)
        {
            return $"recipient_and_params must have between 1 and 1000 entries; it has {count}.";
        }

        int index = 0;
        foreach (JsonElement entry in list.EnumerateArray())
        {
            string where = $"recipient_and_params[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("recipient", out JsonElement recipient) || recipient.ValueKind != JsonValueKind.Object)
            {
                return $"{where}.recipient is required.";
            }

            bool hasContact = recipient.TryGetProperty("contact_id", out JsonElement contact);
            bool hasIdentities = recipient.TryGetProperty("identified_by", out JsonElement identifiedBy);
            if (hasContact == hasIdentities)
            {
                return $"{where}.recipient must have exactly one of contact_id and identified_by.";
            }

            if (hasContact && (contact.ValueKind != JsonValueKind.String || contact.GetString()!.Length == 0))
            {
                return $"{where}.recipient.contact_id must be a non-empty string.";
            }

            if (hasIdentities && CheckIdentities(identifiedBy, where) is { } problem)
            {
                return problem;
            }

            if (entry.TryGetProperty("parameters", out JsonElement parameters) && !IsStringMap(parameters, int.MaxValue))
            {
                return $"{where}.parameters must map names to strings.";
            }
        }

        return null;
    }

    private static string? CheckIdentities(JsonElement identifiedBy, string where)
    {
        if (identifiedBy.ValueKind != JsonValueKind.Object
            || !identifiedBy.TryGetProperty("channel_identities", out JsonElement identities)
            || identities.ValueKind != JsonValueKind.Array
            || identities.GetArrayLength() == 0)
        {
            return $"{where}.recipient.identified_by.channel_identities must be a non-empty array.";
        }

        foreach (JsonElement identity in identities.EnumerateArray())
        {
            if (!identity.TryGetProperty("channel", out JsonElement channel) || !Channels.Contains(channel.GetString()))
            {
                return $"{where}: unknown channel {channel}.";
            }

            if (!identity.TryGetProperty("identity", out JsonElement value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
            {
                return $"{where}: identity must be a non-empty string.";
            }
        }

        return null;
    }

    private static string? CheckOptional(JsonElement body, DateTime now)
    {
        if (body.TryGetProperty("processing_strategy", out JsonElement strategy) && strategy.GetString() is not ("DEFAULT" or "DISPATCH_ONLY"))
        {
            return $"Invalid value for processing_strategy: {strategy}.";
        }

        if (body.TryGetProperty("batch_metadata", out JsonElement metadata))
        {
            if (metadata.ValueKind != JsonValueKind.Object)
            {
                return "batch_metadata must be an object.";
            }

            if (metadata.TryGetProperty("_batch_id", out _))
            {
                return "batch_metadata must not contain the reserved key _batch_id.";
            }
        }

        if (body.TryGetProperty("send_after", out JsonElement sendAfter))
        {
            string text = sendAfter.ValueKind == JsonValueKind.String ? sendAfter.GetString()! : "";
            if (!text.EndsWith('Z') || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
            {
                return $"send_after must be a UTC date-time ending in Z: {sendAfter}.";
            }

            if (ScheduledTime(body, now) > now.AddDays(7))
            {
                return "send_after must be at most 7 days ahead.";
            }
        }

        if (body.TryGetProperty("channel_priority_order", out JsonElement order)
            && (order.ValueKind != JsonValueKind.Array || order.EnumerateArray().Any(c => !Channels.Contains(c.GetString()))))
        {
            return "channel_priority_order must list known channels.";
        }

        if (body.TryGetProperty("ttl", out JsonElement ttl))
        {
            Match match = Ttl.Match(ttl.ValueKind == JsonValueKind.String ? ttl.GetString()! : "");
            if (!match.Success || !long.TryParse(match.Groups[1].Value, out long seconds) || seconds < 3 || seconds > 315_576_000_000)
            {
                return $"ttl must be whole seconds from 3 to 315576000000 with the suffix s: {ttl}.";
            }
        }

        if (body.TryGetProperty("channel_properties", out JsonElement properties) && !IsStringMap(properties, 1024))
        {
            return "channel_properties values must be strings of at most 1024 characters.";
        }

        if (body.TryGetProperty("correlation_id", out JsonElement correlation)
            && (correlation.ValueKind != JsonValueKind.String || correlation.GetString()!.Length > 128))
        {
            return "correlation_id must be a string of at most 128 characters.";
        }

        return null;
    }

    private static bool IsStringMap(JsonElement map, int maxLength) =>
        map.ValueKind == JsonValueKind.Object
        && map.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length <= maxLength);

    private static DateTime Truncate(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
