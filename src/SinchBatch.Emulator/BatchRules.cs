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

    /// <summary>AppMessage fields that may stand beside the one kind.</summary>
    private static readonly string[] MessageCompanions =
    {
        "explicit_channel_message", "explicit_channel_omni_message", "channel_specific_message", "agent",
    };

    /// <summary>
    /// What each kind cannot go without, as the Conversation API marks it: every group needs one of its names.
    /// Only what is surely required; the rest of a kind's content is not checked.
    /// </summary>
    private static readonly Dictionary<string, string[][]> RequiredContent = new()
    {
        ["text_message"] = new[] { new[] { "text" } },
        ["media_message"] = new[] { new[] { "url" } },
        ["template_message"] = new[] { new[] { "omni_template", "channel_template" } },
        ["choice_message"] = new[] { new[] { "choices" } },
        ["card_message"] = new[] { new[] { "title", "description", "media_message" } },
        ["carousel_message"] = new[] { new[] { "cards" } },
        ["location_message"] = new[] { new[] { "coordinates" }, new[] { "title" } },
        ["list_message"] = new[] { new[] { "title" }, new[] { "sections" } },
        ["contact_info_message"] = new[] { new[] { "name" }, new[] { "phone_numbers" } },
    };

    /// <summary>The names each level of a batch request knows; Google's JSON parser refuses any other.</summary>
    private static readonly string[] MessageFields = MessageKinds.Concat(MessageCompanions).ToArray();

    private static readonly string[] BatchFields =
    {
        "app_id", "message", "recipient_and_params", "processing_strategy", "batch_metadata", "message_metadata",
        "conversation_metadata", "send_after", "channel_priority_order", "ttl", "channel_properties", "correlation_id",
        "callback_url",
    };

    private static readonly string[] EntryFields = { "recipient", "parameters", "message_metadata", "conversation_metadata" };

    private static readonly string[] RecipientFields = { "contact_id", "identified_by" };

    private static readonly string[] IdentifiedByFields = { "channel_identities" };

    private static readonly string[] IdentityFields = { "channel", "identity", "app_id" };

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

        if (UnknownName(body) is { } unknown)
        {
            return unknown;
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

        JsonProperty[] kinds = message.EnumerateObject().Where(p => MessageKinds.Contains(p.Name)).ToArray();
        return kinds.Length == 1 ? CheckContent(kinds[0]) : $"message must hold exactly one message type; it holds {kinds.Length}.";
    }

    /// <summary>The kind's required fields, present as proto3 sees presence: a string or list empty is as good as absent.</summary>
    private static string? CheckContent(JsonProperty kind)
    {
        string at = "message." + kind.Name;
        if (kind.Value.ValueKind != JsonValueKind.Object)
        {
            return $"{at} must be an object.";
        }

        foreach (string[] group in RequiredContent[kind.Name])
        {
            if (!group.Any(name => kind.Value.TryGetProperty(name, out JsonElement value) && IsSet(value)))
            {
                return group.Length == 1
                    ? $"{at}.{group[0]} is required."
                    : $"{at} requires one of {string.Join(", ", group)}.";
            }
        }

        return null;
    }

    private static bool IsSet(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        _ => true,
    };

    /// <summary>
    /// The first name the request has that Sinch does not know, in Google's words: its JSON parser refuses it
    /// before any rule is read. Inside the message only the AppMessage's own names are known: a kind's content is not checked.
    /// </summary>
    private static string? UnknownName(JsonElement body)
    {
        if (Unknown(body, BatchFields, null) is { } problem)
        {
            return problem;
        }

        if (body.TryGetProperty("message", out JsonElement message)
            && Unknown(message, MessageFields, "message") is { } inMessage)
        {
            return inMessage;
        }

        if (!body.TryGetProperty("recipient_and_params", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        int index = 0;
        foreach (JsonElement entry in list.EnumerateArray())
        {
            string at = $"recipient_and_params[{index++}]";
            if (Unknown(entry, EntryFields, at) is { } inEntry)
            {
                return inEntry;
            }

            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("recipient", out JsonElement recipient))
            {
                continue;
            }

            if (Unknown(recipient, RecipientFields, at + ".recipient") is { } inRecipient)
            {
                return inRecipient;
            }

            if (recipient.ValueKind != JsonValueKind.Object || !recipient.TryGetProperty("identified_by", out JsonElement identifiedBy))
            {
                continue;
            }

            if (Unknown(identifiedBy, IdentifiedByFields, at + ".recipient.identified_by") is { } inIdentifiedBy)
            {
                return inIdentifiedBy;
            }

            if (identifiedBy.ValueKind != JsonValueKind.Object
                || !identifiedBy.TryGetProperty("channel_identities", out JsonElement identities)
                || identities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            int position = 0;
            foreach (JsonElement identity in identities.EnumerateArray())
            {
                if (Unknown(identity, IdentityFields, $"{at}.recipient.identified_by.channel_identities[{position++}]") is { } inIdentity)
                {
                    return inIdentity;
                }
            }
        }

        return null;
    }

    /// <summary>The first name of an object that is not among the known ones; null for none, or for something not an object.</summary>
    private static string? Unknown(JsonElement element, string[] known, string? at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                return at is null
                    ? $"Invalid JSON payload received. Unknown name \"{property.Name}\": Cannot find field."
                    : $"Invalid JSON payload received. Unknown name \"{property.Name}\" at '{at}': Cannot find field.";
            }
        }

        return null;
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
            if (identity.ValueKind != JsonValueKind.Object
                || !identity.TryGetProperty("channel", out JsonElement channel)
                || channel.ValueKind != JsonValueKind.String
                || !Channels.Contains(channel.GetString()))
            {
                return $"{where}: each channel identity needs a known channel, such as SMS.";
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
