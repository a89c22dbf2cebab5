using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using SinchBatch.Completion;
using SinchBatch.Input;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Validation;
using SinchBatch.Batches;

namespace SinchBatch.Commands;

/// <summary>Send-SinchBatch's parameters, and the request they describe; what it does with them is in SendSinchBatchCommand.cs.</summary>
public sealed partial class SendSinchBatchCommand
{
    private const string TextSet = "Text";
    private const string MessageSet = "Message";
    private const string DefaultContactIdProperty = "contact_id";
    private const string DefaultIdentityProperty = "identity";

    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>Not taken from the pipeline: a CSV column of that name must not redirect a send.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string AppId { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = TextSet)]
    [AllowEmptyString]
    public string Text { get; set; } = "";

    /// <summary>Any AppMessage: a hashtable, an object or a JSON string with exactly one message kind.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MessageSet)]
    public object? Message { get; set; }

    /// <summary>The property holding each row's contact ID, when recipients are contacts (no -Channel).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ContactIdProperty { get; set; }

    /// <summary>Address recipients by channel identity (a phone number, ...) on these channels instead of by contact ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public SinchChannel[]? Channel { get; set; }

    /// <summary>The property holding each row's channel identity, with -Channel.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IdentityProperty { get; set; }

    /// <summary>Identities never messaged (opt-outs, a block list), read as the rows' identities are; empty entries are passed over.</summary>
    [Parameter]
    public string[]? ExcludeRecipient { get; set; }

    /// <summary>Columns sent as parameters besides those the message's ${placeholders} name; wildcards allowed, * sends every column.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ParameterProperty { get; set; }

    /// <summary>Columns that go into each recipient's own message_metadata (as strings), not into its parameters.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MessageMetadataProperty { get; set; }

    /// <summary>Columns that go into each recipient's own conversation_metadata (as strings), not into its parameters.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ConversationMetadataProperty { get; set; }

    /// <summary>The country (ISO 3166-1 alpha-2, such as SE) whose national phone numbers the identities may be written as.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? DefaultRegion { get; set; }

    /// <summary>The column that holds each row's country (GB, GBR or United Kingdom): its national numbers are read as that country's, before -DefaultRegion.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RegionProperty { get; set; }

    /// <summary>Sends SMS and MMS to fixed-line numbers too, for the countries where Sinch delivers SMS to them.</summary>
    [Parameter]
    public SwitchParameter AllowFixedLine { get; set; }

    /// <summary>Sends phone identities as they are, unchecked: for number ranges too new for libphonenumber.</summary>
    [Parameter]
    public SwitchParameter SkipPhoneNumberCheck { get; set; }

    /// <summary>Sends text with the marks of UTF-8 read as a single-byte code page ("Ã¼"), for text that is right as it is.</summary>
    [Parameter]
    public SwitchParameter SkipTextCheck { get; set; }

    /// <summary>Sends a recipient that an earlier row of the command already had.</summary>
    [Parameter]
    public SwitchParameter AllowDuplicateRecipient { get; set; }

    /// <summary>Send rows that lack a value for a ${placeholder}; they receive the placeholder as it is.</summary>
    [Parameter]
    public SwitchParameter AllowMissingParameter { get; set; }

    [Parameter]
    public SinchProcessingStrategy? ProcessingStrategy { get; set; }

    [Parameter]
    public IDictionary? BatchMetadata { get; set; }

    [Parameter]
    public IDictionary? MessageMetadata { get; set; }

    [Parameter]
    public IDictionary? ConversationMetadata { get; set; }

    [Parameter]
    public DateTime? SendAfter { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public SinchChannel[]? ChannelPriorityOrder { get; set; }

    /// <summary>A string such as '86400s' or '24h', or a TimeSpan; a bare number is refused as ambiguous.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TtlCompleter))]
    public object? Ttl { get; set; }

    [Parameter]
    public IDictionary? ChannelProperties { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CorrelationId { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? CallbackUrl { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Writes that many recipients' messages as Sinch would fill them in, and sends nothing.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Preview { get; set; }

    /// <summary>Names the campaign: running the command again over the same rows sends only what earlier runs did not get accepted.</summary>
    [Parameter]
    public string? CampaignId { get; set; }

    /// <summary>Sends the rows that pass when others are refused; each refused row is then an error of its own, written after the send.</summary>
    [Parameter]
    public SwitchParameter SkipInvalidRow { get; set; }

    /// <summary>Takes a campaign over from a run known to have ended, without watching whether it still sends.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Sends a campaign's cancelled batches again; without it a cancelled campaign is not sent (CampaignCancelled).</summary>
    [Parameter]
    public SwitchParameter ResendCancelled { get; set; }

    /// <summary>How many requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    private string RecipientParameter => Channel is null ? "-ContactIdProperty" : "-IdentityProperty";

    private string RecipientProperty()
    {
        if (Channel is null)
        {
            return IdentityProperty is null
                ? ContactIdProperty ?? DefaultContactIdProperty
                : throw SinchBatchException.InvalidArgument(
                    "SinchBatch.IdentityWithoutChannel",
                    "-IdentityProperty needs -Channel: name the channels the identities belong to (for phone numbers, -Channel SMS).");
        }

        return ContactIdProperty is null
            ? IdentityProperty ?? DefaultIdentityProperty
            : throw SinchBatchException.InvalidArgument(
                "SinchBatch.ContactIdWithChannel",
                "-ContactIdProperty and -Channel exclude each other: recipients are either contacts, or identities on channels.");
    }

    /// <summary>Which of a row's columns make up its recipient entry.</summary>
    private RecipientColumns BuildColumns(BatchTemplate template)
    {
        var columns = new RecipientColumns(RecipientProperty(), template.Message.Placeholders)
        {
            ParameterProperty = ParameterProperty,
            MessageMetadata = MessageMetadataProperty ?? Array.Empty<string>(),
            ConversationMetadata = ConversationMetadataProperty ?? Array.Empty<string>(),
            Region = RegionProperty,
            AllowMissingParameters = AllowMissingParameter,
        };
        columns.Validate(RecipientParameter);
        return columns;
    }

    private BatchTemplate BuildTemplate()
    {
        var template = new BatchTemplate
        {
            AppId = AppId,
            Message = ParameterSetName == TextSet ? AppMessage.FromText(Text) : AppMessage.From(PowerShellValues.ToPlain(Message)),
            Channels = Channel?.Distinct().ToArray(),
            ProcessingStrategy = ProcessingStrategy,
            BatchMetadata = PowerShellValues.ToPlainMap(BatchMetadata),
            MessageMetadata = PowerShellValues.ToPlainMap(MessageMetadata),
            ConversationMetadata = PowerShellValues.ToPlainMap(ConversationMetadata),
            SendAfter = SendAfter is { } time ? ScheduleWindow.Validate(time, DateTime.UtcNow) : null,
            ChannelPriorityOrder = ChannelPriorityOrder,
            Ttl = MyInvocation.BoundParameters.ContainsKey(nameof(Ttl)) ? TtlParser.Parse(PowerShellValues.ToPlain(Ttl)) : null,
            ChannelProperties = PowerShellValues.ToPlainMap(ChannelProperties),
            CorrelationId = CorrelationId,
            CallbackUrl = CallbackUrl,
            CampaignId = MyInvocation.BoundParameters.ContainsKey(nameof(CampaignId)) ? CampaignId ?? "" : null,
        };
        template.Validate();
        return template;
    }
}
