using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Client;
using SinchBatch.Json;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Sending;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

[Cmdlet(VerbsCommunications.Send, "SinchBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TextSet)]
[OutputType(typeof(SinchBatchResult))]
public sealed class SendSinchBatchCommand : SinchCmdlet
{
    private const string TextSet = "Text";
    private const string MessageSet = "Message";
    private const string DefaultContactIdProperty = "contact_id";
    private const string DefaultIdentityProperty = "identity";

    // Not disposed: requests still in flight when the pipeline ends hold its token.
    private readonly CancellationTokenSource _stop = new();
    private BatchTemplate _template = null!;
    private RecipientMapper _mapper = null!;
    private RowReader _reader = null!;
    private BatchDispatcher _dispatcher = null!;
    private SinchClient _client = null!;
    private IReadOnlyDictionary<string, string> _metadata = null!;
    private long _rowsRead;
    private bool _warmedUp;
    private int _batchesAccepted;
    private long _recipientsAccepted;
    private long _recipientsFailed;

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

    /// <summary>The properties that become parameters; by default every property but the recipient's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ParameterProperty { get; set; }

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

    /// <summary>Seconds as an integer, a TimeSpan, or a string such as '86400s' or '24h'.</summary>
    [Parameter]
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

    /// <summary>How many requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void BeginProcessing()
    {
        try
        {
            _template = BuildTemplate();
            string recipientProperty = RecipientProperty();
            _mapper = new RecipientMapper(recipientProperty, ParameterProperty, _template.Message.Placeholders, AllowMissingParameter);
            _reader = new RowReader(
                new[] { recipientProperty }.Concat(ParameterProperty ?? _template.Message.Placeholders),
                readAll: ParameterProperty is null);
            _metadata = BatchTemplate.StringMap(_template.BatchMetadata).ToDictionary(e => e.Key, e => e.Value);

            _client = NewClient(ResolveConnection(ProjectId));
            var writer = new BatchWriter(_template);
            _dispatcher = new BatchDispatcher(
                _client.SendBatchAsync, BatchSize, ThrottleLimit, () => new Chunk(writer), _stop.Token, runId: Guid.NewGuid().ToString("N").Substring(0, 12));
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

    [MethodImpl(HotPath.Optimize)]
    protected override void ProcessRecord()
    {
        if (InputObject is null && MyInvocation.ExpectingInput)
        {
            _rowsRead++;
            WriteError(ErrorFor(new SinchBatchException("SinchBatch.NullRow", SinchErrorCategory.InvalidData, $"Row {_rowsRead} is null, so it has no recipient."), null));
            return;
        }

        foreach (object row in PowerShellValues.Rows(InputObject))
        {
            _rowsRead++;
            Recipient recipient;
            try
            {
                recipient = _mapper.Map(_reader.Read(row), _rowsRead);
            }
            catch (SinchBatchException ex)
            {
                WriteError(ErrorFor(ex, row));
                continue;
            }

            if (!_warmedUp)
            {
                // The token arrives while the first chunk fills; nothing reaches the network before a row is good.
                _warmedUp = true;
                if (!WhatIfRequested)
                {
                    _ = _client.WarmUpAsync(_stop.Token);
                }
            }

            if (_dispatcher.Add(recipient, row) is { } full)
            {
                Dispatch(full);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_dispatcher.TakeFilling() is { } last)
        {
            Dispatch(last);
        }

        Write(_dispatcher.Drain());
        WriteProgress(new ProgressRecord(0, "Send-SinchBatch", "Done") { RecordType = ProgressRecordType.Completed });
        if (_rowsRead == 0)
        {
            WriteWarning("Send-SinchBatch received no rows, so nothing was sent.");
        }

        WriteVerbose($"{_rowsRead} rows read; {_recipientsAccepted} recipients accepted in {_batchesAccepted} batches; {_recipientsFailed} recipients in failed batches.");
    }

    /// <summary>
    /// Cancels the requests in flight and says what became of the rows. It runs on another thread
    /// while the pipeline stops, when nothing more can be written to it: the host is the one place
    /// left to tell the user (Ctrl+C at a console, Stop-Job for a runbook).
    /// </summary>
    protected override void StopProcessing()
    {
        _stop.Cancel();
        if (_dispatcher is null)
        {
            return;
        }

        var inFlight = _dispatcher.InFlightNow();
        Task.WhenAll(inFlight.Select(f => (Task)f.Request)).ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(5));
        var accepted = inFlight.Where(f => f.Request.Status == TaskStatus.RanToCompletion).ToList();
        var unknown = inFlight.Where(f => f.Request.Status != TaskStatus.RanToCompletion).ToList();

        var summary = new StringBuilder($"Send-SinchBatch was stopped. Accepted: {_recipientsAccepted + accepted.Sum(f => f.Chunk.Count):N0} recipients in {_batchesAccepted + accepted.Count} batches");
        if (accepted.Count > 0)
        {
            summary.Append($" (the results of {string.Join(", ", accepted.Select(f => f.Request.Result.BatchId))} were not written)");
        }

        summary.Append($". Failed and reported: {_recipientsFailed:N0}.");
        if (unknown.Count > 0)
        {
            summary.Append($" Cancelled in flight: {unknown.Sum(f => f.Chunk.Count):N0} recipients in {unknown.Count} requests, which Sinch may or may not have accepted; "
                + $"look each up with Get-SinchBatchStatus -Metadata @{{ {BatchTemplate.RequestIdKey} = '<id>' }}, ids: {string.Join(", ", unknown.Select(f => f.Chunk.RequestId))}.");
        }

        summary.Append($" Read but not sent: {_dispatcher.Filling:N0} rows. Rows not yet read were not sent.");
        Host.UI.WriteWarningLine(summary.ToString());
    }

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
        };
        template.Validate();
        return template;
    }

    private void Dispatch(Chunk chunk)
    {
        string action = $"Send batch {chunk.Number} ({chunk.Count} recipients)"
            + (_template.SendAfter is { } at ? $" scheduled for {ScheduleWindow.Format(ScheduleWindow.Preview(at, DateTime.UtcNow))}" : "");
        if (!ShouldProcess($"app {_template.AppId} in project {_client.Connection.ProjectId}", action))
        {
            _dispatcher.Return(chunk);
            return;
        }

        Write(_dispatcher.Send(chunk));
    }

    private void Write(List<ChunkOutcome> outcomes)
    {
        WriteRequestLog();
        foreach (ChunkOutcome outcome in outcomes)
        {
            Chunk chunk = outcome.Chunk;
            if (outcome.Accepted is { } accepted)
            {
                _batchesAccepted++;
                _recipientsAccepted += chunk.Count;
                WriteObject(Result(accepted, chunk));
            }
            else
            {
                _recipientsFailed += chunk.Count;
                WriteError(FailedChunk(outcome.Error!, chunk));
            }

            _dispatcher.Return(chunk);
        }

        if (outcomes.Count > 0)
        {
            WriteProgress(new ProgressRecord(0, "Send-SinchBatch", $"{_recipientsAccepted:N0} recipients accepted in {_batchesAccepted:N0} batches; {_rowsRead:N0} rows read"));
        }
    }

    private SinchBatchResult Result(BatchAccepted accepted, Chunk chunk) => new()
    {
        BatchId = accepted.BatchId,
        SendAfter = accepted.SendAfter,
        RecipientCount = chunk.Count,
        BatchNumber = chunk.Number,
        ProjectId = _client.Connection.ProjectId,
        RequestId = chunk.RequestId ?? "",
        AppId = _template.AppId,
        Metadata = _metadata,
    };

    /// <summary>The chunk's rows are the target, so `$err.TargetObject | Send-SinchBatch ...` re-sends exactly them.</summary>
    private static ErrorRecord FailedChunk(Exception error, Chunk chunk)
    {
        ErrorRecord record = ErrorFor(error, chunk.Rows.ToArray());
        record.ErrorDetails = new ErrorDetails(
            error is SinchBatchException { ErrorId: "SinchBatch.OutcomeUnknown" }
                ? $"Batch {chunk.Number} ({chunk.Count} recipients) may or may not have been accepted: {error.Message} "
                    + $"To find out, run Get-SinchBatchStatus -Metadata @{{ {BatchTemplate.RequestIdKey} = '{chunk.RequestId}' }}; "
                    + "if it lists nothing, pipe this error's TargetObject (its rows) to Send-SinchBatch to send them."
                : $"Batch {chunk.Number} ({chunk.Count} recipients) was not sent: {error.Message} "
                    + "Its rows are this error's TargetObject; pipe them to Send-SinchBatch to send them again.");
        return record;
    }
}
