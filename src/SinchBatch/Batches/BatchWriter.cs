using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Runtime.CompilerServices;
using SinchBatch.Json;
using SinchBatch.Recipients;
using SinchBatch.Validation;

namespace SinchBatch.Batches;

/// <summary>Writes a batch request as its recipients arrive: Begin, one WriteRecipient per row, End.</summary>
internal sealed class BatchWriter
{
    private readonly BatchTemplate _template;

    public BatchWriter(BatchTemplate template)
    {
        _template = template;
        Digest = template.CampaignId is null ? null : new BatchDigest(template.AppId, template.Message);
    }

    /// <summary>Names what each batch holds, for a campaign; null without one.</summary>
    public BatchDigest? Digest { get; }

    public void Begin(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("app_id", _template.AppId);
        writer.WritePropertyName("message");
        _template.Message.Json.WriteTo(writer);
        writer.WriteStartArray("recipient_and_params");
    }

    [MethodImpl(HotPath.Optimize)]
    public void WriteRecipient(Utf8JsonWriter writer, Recipient recipient)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("recipient");
        if (_template.Channels is null)
        {
            writer.WriteString("contact_id", recipient.Id);
        }
        else
        {
            writer.WriteStartObject("identified_by");
            writer.WriteStartArray("channel_identities");
            foreach (SinchChannel channel in _template.Channels)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", WireNames.Of(channel));
                writer.WriteString("identity", recipient.Id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        WriteStrings(writer, "parameters", recipient.Parameters);
        WriteStrings(writer, "message_metadata", recipient.MessageMetadata);
        WriteStrings(writer, "conversation_metadata", recipient.ConversationMetadata);
        writer.WriteEndObject();
    }

    /// <summary>An object of string values; nothing when there are none.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void WriteStrings(Utf8JsonWriter writer, string name, List<KeyValuePair<string, string>> values)
    {
        if (values.Count > 0)
        {
            writer.WriteStartObject(name);
            foreach (var value in values)
            {
                writer.WriteString(value.Key, value.Value);
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>Closes recipient_and_params: what the batch holds is complete, and can be digested.</summary>
    public static void EndRecipients(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.Flush();
    }

    /// <summary>Writes the batch fields after the recipients and closes the document.</summary>
    /// <param name="requestId">Goes into batch_metadata, so the batch can be found by it; null for none.</param>
    /// <param name="number">The batch's number within the command, which with a campaign goes into batch_metadata.</param>
    /// <param name="digest">What the batch holds, for a campaign's batch_metadata.</param>
    public void End(Utf8JsonWriter writer, string? requestId = null, int number = 0, string? digest = null, int recipients = 0)
    {
        BatchTemplate t = _template;
        if (t.ProcessingStrategy is { } strategy)
        {
            writer.WriteString("processing_strategy", WireNames.Of(strategy));
        }

        if (t.BatchMetadata is not null || requestId is not null || t.CampaignId is not null)
        {
            writer.WriteStartObject("batch_metadata");
            foreach (var entry in InvariantText.Pairs(t.BatchMetadata))
            {
                writer.WriteString(entry.Key, entry.Value);
            }

            WriteString(writer, MetadataKeys.RequestId, requestId);
            if (t.CampaignId is not null)
            {
                writer.WriteString(MetadataKeys.Campaign, t.CampaignId);
                writer.WriteString(MetadataKeys.BatchNumber, number.ToString(CultureInfo.InvariantCulture));
                WriteString(writer, MetadataKeys.Digest, digest);
                writer.WriteString(MetadataKeys.RecipientCount, recipients.ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        WriteObject(writer, "message_metadata", t.MessageMetadata);
        WriteObject(writer, "conversation_metadata", t.ConversationMetadata);
        if (t.SendAfter is { } sendAfter)
        {
            writer.WriteString("send_after", ScheduleWindow.Format(sendAfter));
        }

        if (t.ChannelPriorityOrder is { Count: > 0 } order)
        {
            writer.WriteStartArray("channel_priority_order");
            foreach (SinchChannel channel in order)
            {
                writer.WriteStringValue(WireNames.Of(channel));
            }

            writer.WriteEndArray();
        }

        WriteString(writer, "ttl", t.Ttl);
        WriteStringMap(writer, "channel_properties", t.ChannelProperties);
        WriteString(writer, "correlation_id", t.CorrelationId);
        WriteString(writer, "callback_url", t.CallbackUrl?.AbsoluteUri);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, string name, IDictionary? value)
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            JsonValueWriter.Write(writer, value);
        }
    }

    private static void WriteStringMap(Utf8JsonWriter writer, string name, IDictionary? map)
    {
        if (map is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var entry in InvariantText.Pairs(map))
        {
            writer.WriteString(entry.Key, entry.Value);
        }

        writer.WriteEndObject();
    }
}
