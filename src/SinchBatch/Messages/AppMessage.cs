using System;
using System.Collections.Generic;
using System.Text.Json;
using SinchBatch.Json;

namespace SinchBatch.Messages;

/// <summary>The AppMessage every recipient of a batch receives, checked and with its ${placeholders} found.</summary>
internal sealed class AppMessage
{
    public static readonly string[] Kinds =
    {
        "text_message", "media_message", "template_message", "choice_message", "card_message",
        "carousel_message", "location_message", "list_message", "contact_info_message",
    };

    /// <summary>AppMessage fields that may stand beside the one kind.</summary>
    private static readonly string[] Companions =
    {
        "explicit_channel_message", "explicit_channel_omni_message", "channel_specific_message", "agent",
    };

    private AppMessage(JsonElement json)
    {
        Json = json;
        Placeholders = PlaceholderScanner.Scan(json);
    }

    public JsonElement Json { get; }

    /// <summary>Distinct ${name} names in the message's strings, in order of first appearance.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    public static AppMessage FromText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.EmptyText", "-Text is empty: give the text every recipient should receive.");
        }

        var message = new Dictionary<string, object> { ["text_message"] = new Dictionary<string, object> { ["text"] = text! } };
        return new AppMessage(JsonValueWriter.ToElement(message));
    }

    /// <summary>From -Message: a JSON string, or a plain tree of dictionaries, lists and values.</summary>
    public static AppMessage From(object? value)
    {
        JsonElement json;
        if (value is string text)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                json = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new SinchBatchException(
                    "SinchBatch.MessageInvalidJson",
                    SinchErrorCategory.InvalidArgument,
                    $"-Message is not valid JSON: {ex.Message}",
                    ex);
            }
        }
        else
        {
            json = JsonValueWriter.ToElement(value);
        }

        CheckKind(json);
        return new AppMessage(json);
    }

    private static void CheckKind(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw KindMissing();
        }

        var found = new List<string>();
        foreach (JsonProperty property in json.EnumerateObject())
        {
            if (Array.IndexOf(Kinds, property.Name) >= 0)
            {
                found.Add(property.Name);
                CheckBody(property);
            }
            else if (Array.IndexOf(Companions, property.Name) < 0)
            {
                throw SinchBatchException.InvalidArgument(
                    "SinchBatch.MessageKindUnknown",
                    $"-Message has '{property.Name}', which is not an AppMessage field. The kinds are: {string.Join(", ", Kinds)}.");
            }
        }

        if (found.Count == 0)
        {
            throw KindMissing();
        }

        if (found.Count > 1)
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.MessageKindAmbiguous",
                $"-Message has {string.Join(" and ", found)}: an AppMessage holds exactly one kind.");
        }
    }

    private static void CheckBody(JsonProperty kind)
    {
        if (kind.Value.ValueKind != JsonValueKind.Object)
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidMessage",
                $"-Message {kind.Name} must be an object, not {kind.Value.ValueKind}.");
        }

        if (kind.Name == "text_message"
            && (!kind.Value.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String || text.GetString()!.Length == 0))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.EmptyText", "-Message text_message has no text.");
        }
    }

    private static SinchBatchException KindMissing() => SinchBatchException.InvalidArgument(
        "SinchBatch.MessageKindMissing",
        $"-Message must be an object with exactly one of: {string.Join(", ", Kinds)}.");
}
