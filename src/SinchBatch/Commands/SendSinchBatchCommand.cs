using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Input;
using SinchBatch.Json;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// Sends in two phases. Checking: ProcessRecord reads each row, turns it into a recipient and spools it, or keeps it
/// as refused; nothing reaches the network. Sending: EndProcessing, once every row passed (or -SkipInvalidRow), reads
/// the campaign, if any, and sends the spool's batches, writing each outcome. Parameters: SendSinchBatchCommand.Parameters.cs.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SinchBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TextSet)]
[OutputType(typeof(SinchBatchResult), typeof(SinchBatchPreview))]
public sealed partial class SendSinchBatchCommand : SinchCmdlet
{
    private const string TextSet = "Text";
    private const string MessageSet = "Message";
    private const int ProgressEvery = 1000;
    private const string DefaultContactIdProperty = "contact_id";
    private const string DefaultIdentityProperty = "identity";

    private BatchTemplate _template = null!;
    private RecipientColumns _columns = null!;
    private RecipientMapper _mapper = null!;
    private RepeatDetector? _repeats;
    private RowReader _reader = null!;
    private Spool _spool = null!;
    private SinchClient _client = null!;
    private SendLedger _ledger = null!;
    private MessagePreviewer _previewer = null!;
    private SinchBatchPreview? _firstPreview;
    private IReadOnlyDictionary<string, string> _metadata = null!;
    private string _runId = "";
    private long _rowsRead;
    private bool _checking;

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
            _previewer = new MessagePreviewer(_template.Message, sms: Channel?.Contains(SinchChannel.SMS) == true);

            // -Preview reaches no network, so it needs no project or key: an admin can look before connecting.
            _client = Preview > 0 ? null! : NewClient(ResolveConnection(ProjectId));
            _runId = RequestIds.NewRun();
            _spool = new Spool(new BatchWriter(_template), BatchSize, _runId);
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

    /// <summary>The check phase: every row is read and checked, and spooled or refused; nothing is sent.</summary>
    [MethodImpl(HotPath.Optimize)]
    protected override void ProcessRecord()
    {
        _checking = true;
        if (InputObject is null && MyInvocation.ExpectingInput)
        {
            _spool.Refuse(null, ++_rowsRead, new SinchBatchException("SinchBatch.NullRow", SinchErrorCategory.InvalidData, $"Row {_rowsRead} is null, so it has no recipient."));
            return;
        }

        foreach (object row in PowerShellValues.Rows(InputObject))
        {
            long number = ++_rowsRead;
            if (number == 1)
            {
                CheckColumns(row);
            }

            try
            {
                Recipient recipient = _mapper.Map(_reader.Read(row), number);
                _repeats?.Check(recipient.Id, number);
                if (Preview > 0 || WhatIfRequested)
                {
                    ShowPreview(recipient, number);
                }

                if (Preview == 0)
                {
                    _spool.Add(recipient, _reader.Held(row));
                }
            }
            catch (SinchBatchException ex)
            {
                _spool.Refuse(_reader.Held(row), number, ex);
            }

            if (number % ProgressEvery == 0)
            {
                WriteProgress(new ProgressRecord(0, "Send-SinchBatch", $"Checking rows: {Counted.Of(number, "row", "rows")} read, {_spool.Refused.Count:N0} refused"));
            }
        }
    }

    /// <summary>The send phase, once every row is checked.</summary>
    protected override void EndProcessing()
    {
        _checking = false;
        _spool.Close();
        if (_rowsRead == 0)
        {
            WriteWarning("Send-SinchBatch received no rows, so nothing was sent.");
        }

        if (Preview > 0 || WhatIfRequested)
        {
            WriteRefusedRows();
            if (Preview == 0)
            {
                ShowWhatIf();
            }

            return;
        }

        if (_spool.Refused.Count > 0 && !SkipInvalidRow)
        {
            var refused = _spool.ReadRefused(RefusedRows.MaxHandedBack).Select(r => RefusedRow.Annotate(r.Row, r.Number, r.ErrorId, r.Reason)).ToArray();
            ThrowTerminatingError(ErrorFor(new SinchBatchException(RefusedRows.RowsRefusedId, SinchErrorCategory.InvalidData, _spool.Refused.Summary(_rowsRead)), refused));
        }

        _ledger = new SendLedger(_template.CampaignId, _spool.Batches.Count, _spool.Recipients) { RowsRead = _rowsRead };
        if (_spool.Batches.Count > 0)
        {
            SendSpool();
        }

        WriteProgress(new ProgressRecord(0, "Send-SinchBatch", "Done") { RecordType = ProgressRecordType.Completed });
        WriteRefusedRows();
        WriteVerbose(_ledger.Totals);
    }

    /// <summary>Ctrl+C, or an error upstream or downstream, while rows were being checked: nothing was sent, and the host is told.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_checking && _rowsRead > 0)
            {
                Host?.UI?.WriteWarningLine($"Send-SinchBatch was stopped while checking rows ({Counted.Of(_rowsRead, "row", "rows")} read): nothing was sent.");
            }

            _spool?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The first row shows the input's columns: one the command needs and the row lacks ends the command.</summary>
    private void CheckColumns(object row)
    {
        try
        {
            foreach (string warning in _columns.CheckFirstRow(RowReader.Columns(row), RecipientParameter))
            {
                WriteWarning(warning);
            }
        }
        catch (SinchBatchException ex)
        {
            _checking = false;
            ThrowTerminatingError(ErrorFor(ex, row));
        }
    }

    /// <summary>-Preview writes the first recipients' messages filled in; -WhatIf fills every message in, to count the campaign's SMS parts.</summary>
    private void ShowPreview(Recipient recipient, long row)
    {
        if (Preview == 0)
        {
            _firstPreview ??= _previewer.Preview(recipient, row);
            _previewer.Count(recipient, row);
        }
        else if (row - _spool.Refused.Count <= Preview)
        {
            SinchBatchPreview preview = _previewer.Preview(recipient, row);
            WriteObject(preview);
            if (preview.Warning is { } warning)
            {
                WriteWarning($"Row {row}'s message {warning}");
            }
        }
    }

    /// <summary>-WhatIf: the batches as a run would send them, what a campaign's listing says of them, and the SMS parts.</summary>
    private void ShowWhatIf()
    {
        Campaign? campaign = null;
        if (_template.CampaignId is { } id)
        {
            campaign = Await(() => Campaign.LoadAsync(_client, id, StopToken).GetAwaiter().GetResult());
            string? holder = CampaignLock.HeldBy(_client.Connection.ProjectId, id);
            foreach (string state in CampaignRun.WhatIf(campaign, _spool.Batches, holder, _runId, ResendCancelled))
            {
                WriteWarning(state);
            }
        }

        foreach (SpooledBatch batch in _spool.Batches)
        {
            if (campaign is not null && CampaignRun.AlreadySent(campaign, batch) is { } earlier)
            {
                ShouldProcess(Target, $"Skip batch {batch.Number} ({Counted.Of(batch.Count, "recipient", "recipients")}): an earlier run sent it as {earlier.BatchId}");
            }
            else
            {
                Approve(batch);
            }
        }

        if (_previewer.CountsSmsParts)
        {
            ShouldProcess(Target, $"Send {Counted.Of(_previewer.SmsParts, "SMS part", "SMS parts")} in all, to {Counted.Of(_previewer.SmsRecipients, "SMS recipient", "SMS recipients")}");
        }

        if (_previewer.UnusualWarning is { } unusual)
        {
            WriteWarning(unusual);
        }
    }

    /// <summary>One error per refused row, its target the row with its number, ErrorId and reason: -SkipInvalidRow, -WhatIf, -Preview.</summary>
    private void WriteRefusedRows()
    {
        foreach (var refused in _spool.ReadRefused())
        {
            WriteError(ErrorFor(new SinchBatchException(refused.ErrorId, SinchErrorCategory.InvalidData, refused.Reason), RefusedRow.Annotate(refused.Row, refused.Number, refused.ErrorId, refused.Reason)));
        }
    }

    /// <summary>
    /// Sends the spool: a token first, so a refused key ends the command before any batch; with a campaign, its lock
    /// and its listing; then each batch not sent before, once approved, writing outcomes as they come back.
    /// </summary>
    private void SendSpool()
    {
        Await(_client.WarmUpAsync(StopToken, throwOnFailure: true), null);
        using CampaignLock? held = _template.CampaignId is { } id ? Await(() => CampaignLock.Take(_client.Connection.ProjectId, id, _runId)) : null;
        CampaignRun? campaign = null;
        if (_template.CampaignId is { } campaignId)
        {
            campaign = new CampaignRun(campaignId, _runId, cancel => Campaign.ListAsync(_client, campaignId, cancel));
            Await(campaign.StartAsync(_spool.Batches, Force, ResendCancelled, StopToken), null);
        }

        var sender = new SpoolSender(_spool, _client.SendBatchAsync, ThrottleLimit, StopToken);
        ErrorRecord? ending;
        try
        {
            ending = SendBatches(sender, campaign);
        }
        catch (SinchBatchException ex)
        {
            ending = ErrorFor(ex, null);
        }
        catch (Exception ex) when (ex is not ActionPreferenceStopException)
        {
            // Ctrl+C, or an error further down the pipeline: it takes nothing more, so the host is told.
            EndEarly(sender, null);
            throw;
        }

        if (ending is not null)
        {
            EndEarly(sender, ending);
            ThrowTerminatingError(ending);
        }
    }

    /// <returns>The error that must end the command: a refused token or project, which fails every batch alike.</returns>
    private ErrorRecord? SendBatches(SpoolSender sender, CampaignRun? campaign)
    {
        foreach (SpooledBatch batch in _spool.Batches)
        {
            BatchAccepted? earlier = campaign?.Current.Earlier(batch.Number, batch.Digest!);
            if (earlier is null && campaign?.LookDue == true)
            {
                // The first new batch goes alone, accepted before the look; a later look is a request within -ThrottleLimit.
                if (campaign.Sent == 1)
                {
                    sender.Drain();
                }
                else
                {
                    sender.WaitForRoom();
                }

                if (WriteOutcomes(sender) is { } failed)
                {
                    return failed;
                }

                campaign.LookAsync(StopToken).GetAwaiter().GetResult();
                earlier = campaign.Current.Earlier(batch.Number, batch.Digest!);
            }

            if (earlier is not null)
            {
                sender.Skip(batch, earlier);
            }
            else if (Approve(batch))
            {
                sender.WaitForRoom();
                if (WriteOutcomes(sender) is { } failed)
                {
                    return failed;
                }

                sender.Send(batch);
                campaign?.Sending();
            }

            _ledger.HandedOver(batch.Count);

            if (WriteOutcomes(sender) is { } ending)
            {
                return ending;
            }
        }

        sender.Drain();
        return WriteOutcomes(sender);
    }

    /// <summary>
    /// Whatever ends the send early: lets every request in flight finish (Ctrl+C has cancelled them), so none outlives the
    /// command, and accounts for every batch. When our own error ends it (<paramref name="ending"/>), the pipeline still
    /// takes the results and the error takes the summary; otherwise (Ctrl+C, an error downstream) the host is told.
    /// </summary>
    private void EndEarly(SpoolSender sender, ErrorRecord? ending)
    {
        if (_ledger.Ended)
        {
            return;
        }

        _ledger.CutShort(errorShown: ending is not null);
        sender.Drain();
        bool writable = ending is not null;
        while (sender.NextOutcome() is { } outcome)
        {
            _ledger.Summarised(outcome);
            if (writable && outcome.Accepted is { } accepted)
            {
                writable = TryWriteObject(Result(accepted, outcome));
            }
        }

        if (ending is null)
        {
            Host?.UI?.WriteWarningLine(_ledger.EarlyEnd("Send-SinchBatch was stopped."));
            return;
        }

        string error = ending.ErrorDetails?.Message ?? ending.Exception.Message;
        bool rerunHelps = ending.Exception is not SinchBatchException { ErrorId: Campaign.ChangedId };
        ending.ErrorDetails = new ErrorDetails(error + " " + _ledger.EarlyEnd("Send-SinchBatch stopped at this error.", rerunHelps));
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

    /// <summary>Waits on the pipeline thread; a failure ends the command before any batch is sent.</summary>
    private void Await(System.Threading.Tasks.Task task, object? target)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (SinchBatchException ex)
        {
            ThrowTerminatingError(ErrorFor(ex, target));
        }
    }

    private T Await<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (SinchBatchException ex)
        {
            ThrowTerminatingError(ErrorFor(ex, null));
            throw;
        }
    }

    /// <summary>Writes the outcomes ready, in the order their batches were handed over.</summary>
    /// <returns>The error that must end the command: a refused token or project fails every batch alike.</returns>
    private ErrorRecord? WriteOutcomes(SpoolSender sender)
    {
        WriteRequestLog();
        bool any = false;
        while (sender.NextOutcome() is { } outcome)
        {
            any = true;
            _ledger.Writing(outcome);
            if (outcome.Accepted is { } accepted)
            {
                WriteObject(Result(accepted, outcome));
            }
            else if (outcome.Error is SinchBatchException { Category: SinchErrorCategory.AuthenticationError or SinchErrorCategory.PermissionDenied })
            {
                return FailedBatch(outcome);
            }
            else
            {
                ErrorRecord failed = FailedBatch(outcome);
                try
                {
                    WriteError(failed);
                }
                catch (PipelineStoppedException) when (!Stopping && !StopToken.IsCancellationRequested)
                {
                    // This error under -ErrorAction Stop (PowerShell records it and stops the pipeline): the pipeline still
                    // takes the results in flight, and this error the summary.
                    EndEarly(sender, failed);
                    throw;
                }
            }

            _ledger.Written();
        }

        if (any)
        {
            WriteProgress(new ProgressRecord(0, "Send-SinchBatch", _ledger.Progress) { PercentComplete = _ledger.PercentComplete });
        }

        return null;
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
    private bool Approve(SpooledBatch batch) => ShouldProcess(
        Target,
        $"Send batch {batch.Number} ({Counted.Of(batch.Count, "recipient", "recipients")})"
            + (_template.SendAfter is { } at ? $" scheduled for {ScheduleWindow.Format(ScheduleWindow.Preview(at, DateTime.UtcNow))}" : "")
            + (batch.Number == 1 && _firstPreview is { } first ? $"; the first message, {first}" : ""));

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
