using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using SinchBatch.Messages;

namespace SinchBatch.Batches;

/// <summary>Everything a batch request carries apart from its recipients; the same for every batch.</summary>
internal sealed class BatchTemplate
{
    public const int MaxCorrelationIdLength = 128;
    public const int MaxChannelPropertyLength = 1024;

    /// <summary>Batch metadata keys with this prefix are the module's own (request ID, campaign, batch number, digest).</summary>
    public const string ReservedPrefix = "sinchbatch_";

    public string AppId { get; set; } = "";

    public AppMessage Message { get; set; } = null!;

    /// <summary>The channels of an identity recipient; null when recipients are contact IDs.</summary>
    public IReadOnlyList<SinchChannel>? Channels { get; set; }

    public SinchProcessingStrategy? ProcessingStrategy { get; set; }

    public IDictionary? BatchMetadata { get; set; }

    public IDictionary? MessageMetadata { get; set; }

    public IDictionary? ConversationMetadata { get; set; }

    /// <summary>UTC, whole seconds, already checked against the schedule window.</summary>
    public DateTime? SendAfter { get; set; }

    public IReadOnlyList<SinchChannel>? ChannelPriorityOrder { get; set; }

    /// <summary>In the API's "Ns" form.</summary>
    public string? Ttl { get; set; }

    public IDictionary? ChannelProperties { get; set; }

    public string? CorrelationId { get; set; }

    public Uri? CallbackUrl { get; set; }

    /// <summary>Names the campaign in each batch's metadata, so a re-run sends only what earlier runs did not; null for none.</summary>
    public string? CampaignId { get; set; }

    /// <summary>Checks the fields the API limits; throws SinchBatchException on the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.MissingAppId", "-AppId is empty: give the ID of the app that sends the message.");
        }

        if (CorrelationId is { Length: > MaxCorrelationIdLength })
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.CorrelationIdTooLong",
                $"-CorrelationId is {CorrelationId.Length} characters; the API takes at most {MaxCorrelationIdLength}.");
        }

        foreach (var property in InvariantText.Pairs(ChannelProperties))
        {
            if (property.Value.Length > MaxChannelPropertyLength)
            {
                throw SinchBatchException.InvalidArgument(
                    "SinchBatch.ChannelPropertyTooLong",
                    $"-ChannelProperties '{property.Key}' is {property.Value.Length} characters; the API takes at most {MaxChannelPropertyLength}.");
            }
        }

        foreach (var entry in InvariantText.Pairs(BatchMetadata))
        {
            bool ours = entry.Key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase);
            if (ours || entry.Key == "_batch_id")
            {
                throw SinchBatchException.InvalidArgument(
                    "SinchBatch.ReservedBatchMetadata",
                    $"-BatchMetadata must not contain '{entry.Key}': {(ours ? "Send-SinchBatch adds the keys that start with " + ReservedPrefix : "Sinch adds that key")} itself.");
            }
        }

        if (CampaignId is not null)
        {
            Campaigns.Campaign.Validate(CampaignId);
        }

        if (CallbackUrl is not null && !(CallbackUrl.IsAbsoluteUri && (CallbackUrl.Scheme == Uri.UriSchemeHttps || CallbackUrl.Scheme == Uri.UriSchemeHttp)))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.InvalidCallbackUrl", $"-CallbackUrl '{CallbackUrl}' is not an absolute http or https URL.");
        }
    }

    /// <summary>Combinations the API accepts but that may not do what the user expects.</summary>
    public IEnumerable<string> Warnings()
    {
        if (ProcessingStrategy == SinchProcessingStrategy.DispatchOnly && (ConversationMetadata is not null || CorrelationId is not null))
        {
            yield return "-ProcessingStrategy DispatchOnly with -ConversationMetadata or -CorrelationId: Sinch ignores those for apps in CONVERSATION mode.";
        }

        if (Channels?.Contains(SinchChannel.WHATSAPP) == true && Message.Json.TryGetProperty("text_message", out _))
        {
            yield return "-Channel WHATSAPP with a text message: WhatsApp delivers free text only within 24 hours of the customer's last message to you. "
                + "To start a conversation, send an approved template: -Message @{ template_message = @{ ... } }.";
        }
    }
}
