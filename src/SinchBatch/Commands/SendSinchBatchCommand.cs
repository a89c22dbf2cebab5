using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Input;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using SinchBatch.Validation;
using SinchBatch.Batches;

namespace SinchBatch.Commands;

/// <summary>
/// Sends in two phases. Checking (here): ProcessRecord reads each row, turns it into a recipient and spools it, or keeps
/// it as refused; nothing reaches the network. Sending (SendSinchBatchCommand.Sending.cs): EndProcessing, once every row
/// passed (or -SkipInvalidRow), reads the campaign, if any, and sends the spool's batches, writing each outcome.
/// -Preview and -WhatIf check every row and send nothing. Parameters: SendSinchBatchCommand.Parameters.cs.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SinchBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TextSet)]
[OutputType(typeof(SinchBatchResult), typeof(SinchBatchPreview))]
public sealed partial class SendSinchBatchCommand : SinchCmdlet
{
    private const int ProgressEvery = 1000;

    /// <summary>The tag Write-Host gives its lines: the host shows them whatever $InformationPreference says.</summary>
    private static readonly string[] HostTag = { "PSHOST" };

    private BatchTemplate _template = null!;
    private RecipientColumns _columns = null!;
    private RecipientMapper _mapper = null!;
    private RepeatDetector? _repeats;
    private ExcludedRecipients? _excluded;
    private RowReader _reader = null!;
    private Spool _spool = null!;
    private SinchClient _client = null!;
    private SendLedger _ledger = null!;
    private MessagePreviewer _previewer = null!;
    private ExpandedText? _expandedText;
    private SinchBatchPreview? _firstPreview;
    private OutcomeRecords _records = null!;
    private string _runId = "";
    private long _rowsRead;
    private long _rowsExcluded;
    private bool _checking;
    private bool _whatIf;

    protected override void BeginProcessing()
    {
        try
        {
            _template = BuildTemplate();
            if (!SkipTextCheck)
            {
                Mojibake.CheckMessage(_template.Message, ParameterSetName == TextSet ? "-Text" : "-Message");
            }

            _expandedText = ExpandedText.Find(MyInvocation, ParameterSetName == TextSet ? nameof(Text) : nameof(Message));
            _columns = BuildColumns(_template);
            PhoneIdentities? phones = PhoneIdentities.For(Channel, DefaultRegion, SkipPhoneNumberCheck, AllowFixedLine, RegionProperty);
            _mapper = new RecipientMapper(_columns, phones) { SkipTextCheck = SkipTextCheck };
            _excluded = ExcludeRecipient is null ? null : new ExcludedRecipients(ExcludeRecipient, phones is null ? null : phones.Readings, byDigits: SkipPhoneNumberCheck && Channel?.Any(c => Array.IndexOf(PhoneIdentities.Channels, c) >= 0) == true);
            _reader = new RowReader(_columns.Named, readAll: _columns.ReadsEveryColumn);
            _repeats = AllowDuplicateRecipient ? null : new RepeatDetector();
            _previewer = new MessagePreviewer(_template.Message, sms: Channel?.Contains(SinchChannel.SMS) == true);
            _whatIf = WhatIfRequested;

            // -Preview reaches no network, so it needs no project or key: an admin can look before connecting.
            _client = Preview > 0 ? null! : NewClient(ResolveConnection(ProjectId));
            _records = new OutcomeRecords(_template, _client?.Connection!);
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

                // An excluded row passes every check first: which rows are refused, and so the batches, must not depend on the list.
                _repeats?.Check(recipient.Id, number);
                if (_excluded?.Contains(recipient.Id) == true)
                {
                    Exclude(recipient);
                }
                else
                {
                    if (Preview > 0 || _whatIf)
                    {
                        ShowPreview(recipient, number);
                    }

                    if (Preview == 0)
                    {
                        _spool.Add(recipient, _reader.Held(row));
                    }
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

        if (Preview > 0 || _whatIf)
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
            ThrowTerminatingError(ErrorFor(new SinchBatchException(RefusedRows.RowsRefusedId, SinchErrorCategory.InvalidData, _spool.Refused.Summary(_rowsRead)), refused, Counted.Of(_spool.Refused.Count, "refused row", "refused rows")));
        }

        _ledger = new SendLedger(_template.CampaignId, _spool.Batches.Count, _spool.Recipients) { RowsRead = _rowsRead, RowsRefused = _spool.Refused.Count };
        if (_spool.Batches.Count > 0)
        {
            SendSpool();
        }

        WriteProgress(new ProgressRecord(0, "Send-SinchBatch", "Done") { RecordType = ProgressRecordType.Completed });
        WriteRefusedRows();

        // The information stream, tagged for the host: shown without -Verbose, and kept out of the output, where a string would bind to -BatchId downstream.
        WriteInformation(_ledger.Summary, HostTag);
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
            var columns = RowReader.Columns(row);
            _expandedText?.Check(columns);
            foreach (string warning in _columns.CheckFirstRow(columns, RecipientParameter))
            {
                WriteWarning(warning);
            }
        }
        catch (SinchBatchException ex)
        {
            _checking = false;
            ThrowTerminatingError(ErrorFor(ex, row, "row 1"));
        }
    }

    /// <summary>A row on the -ExcludeRecipient list keeps its place in its batch (see Spool.Exclude); -Preview shows none of it.</summary>
    private void Exclude(Recipient recipient)
    {
        _rowsExcluded++;
        if (Preview == 0)
        {
            _spool.Exclude(recipient);
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
        else if (row - _spool.Refused.Count - _rowsExcluded <= Preview)
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
            try
            {
                campaign = Campaign.LoadAsync(_client, id, StopToken).GetAwaiter().GetResult();
                string? holder = CampaignLock.HeldBy(_client.Connection.ProjectId, id);
                foreach (string state in CampaignRun.WhatIf(campaign, _spool.Batches, holder, _runId, ResendCancelled))
                {
                    WriteWarning(state);
                }
            }
            catch (SinchBatchException ex)
            {
                ThrowTerminatingError(ErrorFor(ex, null));
            }
        }

        foreach (SpooledBatch batch in _spool.Batches)
        {
            if (campaign is not null && CampaignRun.AlreadySent(campaign, batch) is { } earlier)
            {
                ShouldProcess(Target, $"Skip batch {batch.Number} ({Counted.Of(batch.Count, "recipient", "recipients")}): an earlier run sent it as {earlier.BatchId}");
            }
            else if (batch.WhollyExcluded)
            {
                ShouldProcess(Target, $"Skip batch {batch.Number}: {AllExcluded(batch)}");
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

        if (_previewer.Ucs2Warning is { } ucs2)
        {
            WriteWarning(ucs2);
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
            WriteError(ErrorFor(new SinchBatchException(refused.ErrorId, SinchErrorCategory.InvalidData, refused.Reason), RefusedRow.Annotate(refused.Row, refused.Number, refused.ErrorId, refused.Reason), $"row {refused.Number}"));
        }
    }

    private string Target => $"app {_template.AppId} in project {_client.Connection.ProjectId}";

    /// <summary>ShouldProcess for each batch: -WhatIf lists it, -Confirm asks.</summary>
    private bool Approve(SpooledBatch batch) => ShouldProcess(
        Target,
        $"Send batch {batch.Number} ({Counted.Of(batch.Count, "recipient", "recipients")}{(batch.Excluded > 0 ? $"; {batch.Excluded:N0} excluded" : "")})"
            + (_template.SendAfter is { } at ? $" scheduled for {ScheduleWindow.Format(ScheduleWindow.Preview(at, DateTime.UtcNow))}" : "")
            + (batch.Number == 1 && _firstPreview is { } first ? $"; the first message, {first}" : ""));

    private static string AllExcluded(SpooledBatch batch) =>
        $"{(batch.Excluded == 1 ? "its one recipient is" : $"all {batch.Excluded:N0} of its recipients are")} on the -ExcludeRecipient list, so it is not sent";
}
