using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Completion;
using SinchBatch.Input;
using SinchBatch.Json;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

[Cmdlet(VerbsCommunications.Send, "SinchBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TextSet)]
[OutputType(typeof(SinchBatchResult), typeof(SinchBatchPreview))]
public sealed class SendSinchBatchCommand : SinchCmdlet
{
    private const string TextSet = "Text";
    private const string MessageSet = "Message";
    private const string DefaultContactIdProperty = "contact_id";
    private const string DefaultIdentityProperty = "identity";

    private BatchTemplate _template = null!;
    private RecipientColumns _columns = null!;
    private RecipientMapper _mapper = null!;
    private RepeatDetector? _repeats;
    private bool _columnsChecked;
    private RowReader _reader = null!;
    private BatchDispatcher _dispatcher = null!;
    private SinchClient _client = null!;
    private IReadOnlyDictionary<string, string> _metadata = null!;
    private SendLedger _ledger = null!;
    private MessagePreviewer _previewer = null!;
    private SinchBatchPreview? _firstPreview;
    private int _previewed;
    private bool _whatIf;
    private Task? _token;

    // The error being written: under -ErrorAction Stop it ends the command, and then says what was accepted.
    private ErrorRecord? _failing;
    private bool _completed;
    private bool _ended;

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

    /// <summary>Sends phone identities as they are, unchecked: for number ranges too new for libphonenumber.</summary>
    [Parameter]
    public SwitchParameter SkipPhoneNumberCheck { get; set; }

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

    /// <summary>How many requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void BeginProcessing()
    {
        try
        {
            _template = BuildTemplate();
            _columns = new RecipientColumns(RecipientProperty(), _template.Message.Placeholders)
            {
                ParameterProperty = ParameterProperty,
                MessageMetadata = MessageMetadataProperty ?? Array.Empty<string>(),
                ConversationMetadata = ConversationMetadataProperty ?? Array.Empty<string>(),
                AllowMissingParameters = AllowMissingParameter,
            };
            _columns.Validate(RecipientParameter);
            _mapper = new RecipientMapper(_columns, PhoneIdentities.For(Channel, DefaultRegion, SkipPhoneNumberCheck));
            _reader = new RowReader(_columns.Named, readAll: _columns.ReadsEveryColumn);
            _repeats = AllowDuplicateRecipient ? null : new RepeatDetector();
            _metadata = InvariantText.Pairs(_template.BatchMetadata).ToDictionary(e => e.Key, e => e.Value);

            _ledger = new SendLedger(_template.CampaignId);
            _previewer = new MessagePreviewer(_template.Message, sms: Channel?.Contains(SinchChannel.SMS) == true);
            _whatIf = WhatIfRequested;
            // -Preview reaches no network, so it needs no project or key: an admin can look before connecting.
            _client = Preview > 0 ? null! : NewClient(ResolveConnection(ProjectId));
            _dispatcher = new BatchDispatcher(
                (body, cancel) => _client.SendBatchAsync(body, cancel),
                new BatchWriter(_template),
                BatchSize,
                ThrottleLimit,
                StopToken,
                Approve,
                RequestIds.NewRun(),
                BeforeFirstSendAsync);
        }
        catch (SinchBatchException ex)
        {
            ThrowTerminatingError(ErrorFor(ex, null));
        }

        foreach (string warning in _template.Warnings())
        {
            WriteWarning(warning);
        }
    }

    /// <remarks>
    /// A SinchBatchException that reaches here is the dispatcher's: the campaign unreadable or changed, or no
    /// token to be had. It ends the command; so does anything else, once what was sent is accounted for.
    /// </remarks>
    protected override void ProcessRecord()
    {
        try
        {
            ReadRows();
        }
        catch (SinchBatchException ex)
        {
            Terminate(ErrorFor(ex, null));
        }
        catch
        {
            EndEarly();
            throw;
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            // What the last batch's send collected is written before Finish may find the campaign changed.
            _dispatcher.SendLast();
            WriteOutcomes();
            _dispatcher.Finish();
            WriteOutcomes();
            _completed = true;
        }
        catch (SinchBatchException ex)
        {
            Terminate(ErrorFor(ex, null));
        }
        catch
        {
            EndEarly();
            throw;
        }

        WriteProgress(new ProgressRecord(0, "Send-SinchBatch", "Done") { RecordType = ProgressRecordType.Completed });
        if (_whatIf && Preview == 0)
        {
            if (_previewer.CountsSmsParts)
            {
                ShouldProcess(Target, $"Send {Counted.Of(_previewer.SmsParts, "SMS part", "SMS parts")} in all, to {Counted.Of(_previewer.SmsRecipients, "SMS recipient", "SMS recipients")}");
            }

            if (_previewer.UnusualWarning is { } unusual)
            {
                WriteWarning(unusual);
            }
        }

        if (_ledger.RowsRead == 0)
        {
            WriteWarning("Send-SinchBatch received no rows, so nothing was sent.");
        }

        WriteVerbose(_ledger.Totals);
    }

    /// <summary>The pipeline ended without our input ending (Ctrl+C while the command upstream ran, or its error): account for what was sent.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            EndEarly();
        }

        base.Dispose(disposing);
    }

    [MethodImpl(HotPath.Optimize)]
    private void ReadRows()
    {
        if (InputObject is null && MyInvocation.ExpectingInput)
        {
            _ledger.RowsRead++;
            Fail(ErrorFor(new SinchBatchException("SinchBatch.NullRow", SinchErrorCategory.InvalidData, $"Row {_ledger.RowsRead} is null, so it has no recipient."), null));
            return;
        }

        foreach (object row in PowerShellValues.Rows(InputObject))
        {
            long number = ++_ledger.RowsRead;
            if (!_columnsChecked)
            {
                CheckColumns(row);
            }

            Recipient recipient;
            try
            {
                recipient = _mapper.Map(_reader.Read(row), number);
                _repeats?.Check(recipient.Id, number);
            }
            catch (SinchBatchException ex)
            {
                Fail(ErrorFor(ex, row));
                continue;
            }

            if (Preview > 0 || _whatIf)
            {
                if (ShowPreview(recipient, number))
                {
                    continue;
                }
            }
            else if (_token is null)
            {
                // The token arrives while the first batch fills; nothing reaches the network before a row is good.
                _token = _client.WarmUpAsync(StopToken, throwOnFailure: true);
            }

            if (_dispatcher.Add(recipient, _reader.Held(row)))
            {
                WriteOutcomes();
            }
        }
    }

    /// <summary>The first row shows the input's columns: one the command needs and the row lacks ends the command.</summary>
    private void CheckColumns(object row)
    {
        _columnsChecked = true;
        try
        {
            foreach (string warning in _columns.CheckFirstRow(RowReader.Columns(row), RecipientParameter))
            {
                WriteWarning(warning);
            }
        }
        catch (SinchBatchException ex)
        {
            Terminate(ErrorFor(ex, row));
        }
    }

    /// <summary>
    /// -Preview writes the first recipients' messages filled in, and nothing goes further (true);
    /// -WhatIf fills every message in, to count the campaign's SMS parts, and lists the batches.
    /// </summary>
    private bool ShowPreview(Recipient recipient, long row)
    {
        if (Preview > 0)
        {
            if (_previewed++ < Preview)
            {
                SinchBatchPreview preview = _previewer.Preview(recipient, row);
                WriteObject(preview);
                if (preview.Warning is { } warning)
                {
                    WriteWarning($"Row {row}'s message {warning}");
                }
            }

            return true;
        }

        _firstPreview ??= _previewer.Preview(recipient, row);
        _previewer.Count(recipient, row);
        return false;
    }

    /// <summary>
    /// Nothing can be sent without a token, so a refused key ends the command before its first batch;
    /// then the campaign is read, if there is one.
    /// </summary>
    private async Task<Campaign?> BeforeFirstSendAsync()
    {
        await (_token ?? _client.WarmUpAsync(StopToken, throwOnFailure: true)).ConfigureAwait(false);
        return _template.CampaignId is { } campaign ? await Campaign.LoadAsync(_client, campaign, StopToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Whatever ends the command before its input does: lets every request in flight finish (Ctrl+C has
    /// cancelled them), so none outlives the command, and accounts for every batch. When our own error ends
    /// it, the pipeline still takes the results and the error takes the summary; otherwise (Ctrl+C, an error
    /// further down the pipeline) nothing more can be written to it, and the host is told instead.
    /// </summary>
    private void EndEarly()
    {
        // Nothing read, nothing to account for: an upstream command that failed before its first row (Import-Csv
        // of a missing file, say) needs no summary of nothing from us.
        if (_ended || _dispatcher is null || _ledger.RowsRead == 0)
        {
            return;
        }

        _ended = true;

        // Our own error under -ErrorAction Stop leaves the pipeline running; Ctrl+C and Stop-Job stop it. An outcome
        // cut short while written can only be that error's own batch: Fail and Terminate set _failing as they write it.
        ErrorRecord? ending = Stopping || StopToken.IsCancellationRequested ? null : _failing;
        _ledger.CutShort(errorShown: ending is not null);
        List<BatchOutcome> rest = _dispatcher.Stop();
        try
        {
            // The token request, too, must not outlive the command; its failure is no news now.
            _token?.Wait();
        }
        catch (AggregateException)
        {
        }

        bool writable = ending is not null;
        foreach (BatchOutcome outcome in rest)
        {
            _ledger.Summarised(outcome);
            if (writable && outcome.Accepted is { } accepted)
            {
                writable = TryWriteObject(Result(accepted, outcome));
            }
        }

        int rowsNotSent = _dispatcher.RowsNotSent;
        if (ending is not null)
        {
            string error = ending.ErrorDetails?.Message ?? ending.Exception.Message;
            bool rerunHelps = ending.Exception is not SinchBatchException { ErrorId: Campaign.ChangedId };
            ending.ErrorDetails = new ErrorDetails(error + " " + _ledger.EarlyEnd("Send-SinchBatch stopped at this error.", rowsNotSent, rerunHelps));
        }
        else
        {
            Host?.UI?.WriteWarningLine(_ledger.EarlyEnd("Send-SinchBatch was stopped.", rowsNotSent));
        }
    }

    private bool TryWriteObject(object result)
    {
        try
        {
            WriteObject(result);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>Writes a row's or a batch's error, which under -ErrorAction Stop ends the command (see EndEarly).</summary>
    private void Fail(ErrorRecord record)
    {
        _failing = record;
        WriteError(record);
        _failing = null;
    }

    /// <summary>Ends the command with our own error, once what was in flight is accounted for in it.</summary>
    private void Terminate(ErrorRecord record)
    {
        _failing = record;
        EndEarly();
        ThrowTerminatingError(record);
    }

    private string Target => $"app {_template.AppId} in project {_client.Connection.ProjectId}";

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

    /// <summary>ShouldProcess for each batch: -WhatIf lists it, -Confirm asks.</summary>
    private bool Approve(Batch batch) => ShouldProcess(
        Target,
        $"Send batch {batch.Number} ({Counted.Of(batch.Count, "recipient", "recipients")})"
            + (_template.SendAfter is { } at ? $" scheduled for {ScheduleWindow.Format(ScheduleWindow.Preview(at, DateTime.UtcNow))}" : "")
            + (batch.Number == 1 && _firstPreview is { } first ? $"; the first message, {first}" : ""));

    /// <summary>Writes the outcomes the dispatcher has ready, in the order their batches were sent.</summary>
    private void WriteOutcomes()
    {
        WriteRequestLog();
        bool any = false;
        while (_dispatcher.NextOutcome() is { } outcome)
        {
            any = true;
            _ledger.Writing(outcome);
            if (outcome.Accepted is { } accepted)
            {
                WriteObject(Result(accepted, outcome));
            }
            else if (outcome.Error is SinchBatchException { Category: SinchErrorCategory.AuthenticationError or SinchErrorCategory.PermissionDenied })
            {
                // A refused token or project fails every batch alike: one error ends the command.
                Terminate(FailedBatch(outcome));
            }
            else
            {
                Fail(FailedBatch(outcome));
            }

            _ledger.Written();
        }

        if (any)
        {
            WriteProgress(new ProgressRecord(0, "Send-SinchBatch", _ledger.Progress));
        }
    }

    private SinchBatchResult Result(BatchAccepted accepted, BatchOutcome outcome) => new()
    {
        BatchId = accepted.BatchId,
        SendAfter = accepted.SendAfter,
        RecipientCount = outcome.RecipientCount,
        BatchNumber = outcome.Number,
        ProjectId = _client.Connection.ProjectId,
        Endpoint = _client.Connection.Endpoint,
        RequestId = accepted.RequestId ?? outcome.RequestId ?? "",
        AppId = _template.AppId,
        Metadata = _metadata,
        CampaignId = _template.CampaignId,
        AlreadySent = accepted.AlreadySent,
    };

    /// <summary>
    /// The batch's rows are the target, so `$err.TargetObject | Send-SinchBatch ...` sends exactly them; but
    /// only a failure where Sinch surely did not act says so. Any other says how to find out first.
    /// </summary>
    private ErrorRecord FailedBatch(BatchOutcome outcome)
    {
        Exception error = outcome.Error!;
        string batch = $"Batch {outcome.Number} ({Counted.Of(outcome.RecipientCount, "recipient", "recipients")})";
        string rerun = _template.CampaignId is not { } campaign ? "" : $" Or run the same command again with -CampaignId '{campaign}': it sends the batch only if no earlier run got it accepted.";
        ErrorRecord record = ErrorFor(error, outcome.Rows);
        record.ErrorDetails = new ErrorDetails(
            outcome.MayHaveBeenAccepted
                ? $"{batch} may or may not have been accepted: {error.Message} To find out, run {RequestIds.LookUp(outcome.RequestId!)}; "
                    + "if it lists nothing, pipe this error's TargetObject (its rows) to Send-SinchBatch to send them." + rerun
                : $"{batch} was not sent: {error.Message} Its rows are this error's TargetObject; pipe them to Send-SinchBatch to send them again." + rerun);
        return record;
    }
}
