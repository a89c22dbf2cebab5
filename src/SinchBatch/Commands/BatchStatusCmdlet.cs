using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Polling;
using SinchBatch.Batches;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// What Get-SinchBatchStatus and Stop-SinchBatch share: batches chosen by ID (also from the
/// pipeline), by one metadata pair or by campaign, a client per project, up to -ThrottleLimit requests
/// in flight whose answers are handled in input order, and -Wait, which polls every batch handed to it
/// in EndProcessing, so a pipeline of batches is waited for together, and writes them in the order given.
/// </summary>
public abstract class BatchStatusCmdlet : SinchCmdlet
{
    protected const string ById = "ById";
    protected const string ByMetadata = "ByMetadata";
    protected const string ByCampaign = "ByCampaign";

    private readonly Dictionary<string, SinchClient> _clients = new(StringComparer.Ordinal);
    private readonly List<SinchBatchStatus> _waiting = new();
    private RequestWindow _window = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ById)]
    [ValidateNotNullOrEmpty]
    public string[] BatchId { get; set; } = Array.Empty<string>();

    /// <summary>Exactly one key and value of the batches' batch metadata.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByMetadata)]
    [ValidateNotNull]
    public IDictionary? Metadata { get; set; }

    /// <summary>Every batch Send-SinchBatch -CampaignId sent under this campaign: shorthand for -Metadata @{ sinchbatch_campaign = '...' }.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByCampaign)]
    [AllowEmptyString]
    public string CampaignId { get; set; } = "";

    /// <summary>Taken from the pipeline too, so a batch is looked up in the project it was sent to.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    /// <summary>Where the batch was sent: from the results and statuses piped in; -Region and -BaseUri win over it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SinchEndpoint? Endpoint { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits in all; by default until an hour past the latest SendAfter of the batches waited for.</summary>
    [Parameter]
    [ValidateTime]
    public TimeSpan Timeout { get; set; } = StatusPoller.PastDue;

    /// <summary>How many requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void BeginProcessing()
    {
        _window = new RequestWindow(ThrottleLimit);
    }

    protected override void ProcessRecord()
    {
        SinchClient client;
        MetadataFilter? filter = null;
        try
        {
            client = ClientFor(ProjectId, Endpoint);
            filter = ParameterSetName switch
            {
                ByMetadata => MetadataFilter.From(Metadata),
                ByCampaign => new MetadataFilter(MetadataKeys.Campaign, Campaign.Validate(CampaignId)),
                _ => null,
            };
        }
        catch (SinchBatchException ex)
        {
            // What earlier input asked for is answered first.
            _window.SettleAll();
            ThrowTerminatingError(ErrorFor(ex, null));
            return;
        }

        if (filter is null)
        {
            foreach (string id in BatchId)
            {
                _window.Start(
                    () => client.GetStatusAsync(id, StopToken),
                    status =>
                    {
                        WriteRequestLog();
                        Handle(client, status);
                    },
                    ex =>
                    {
                        WriteRequestLog();
                        Unreadable(id, ex);
                    });
            }
        }
        else
        {
            IReadOnlyList<SinchBatchStatus>? found = Call(() => client.ListByMetadataAsync(filter.Key, filter.Value, StopToken), filter);
            if (found is { Count: 0 })
            {
                WriteWarning($"No batch in project {client.Connection.ProjectId} has the metadata {filter}.");
            }

            // The listed statuses are what each batch is handled by: nothing is read again.
            foreach (SinchBatchStatus status in found ?? Array.Empty<SinchBatchStatus>())
            {
                Handle(client, status);
            }
        }

        _window.SettleEnded();
        WriteRequestLog();
    }

    protected override void EndProcessing()
    {
        _window.SettleAll();
        WriteRequestLog();
        if (_waiting.Count == 0)
        {
            return;
        }

        // Without -Timeout, a batch scheduled hours ahead is waited for: until an hour past the latest SendAfter.
        TimeSpan timeout = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? Timeout : StatusPoller.DefaultTimeout(_waiting, DateTime.UtcNow);
        var poller = new StatusPoller((last, cancel) => ClientFor(last.ProjectId, last.Endpoint).GetStatusAsync(last.BatchId, cancel), ThrottleLimit);
        foreach (PollEvent happened in poller.Wait(_waiting, timeout, WaitsUntilDue, StopToken))
        {
            WriteRequestLog();
            switch (happened.Kind)
            {
                case PollEventKind.Final:
                    Finished(happened.Status);
                    break;
                case PollEventKind.Waiting:
                    WriteProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, WaitingFor(happened.Pending)));
                    break;
                case PollEventKind.TimedOut:
                    WriteError(ErrorFor(
                        new SinchBatchException("SinchBatch.WaitTimedOut", SinchErrorCategory.OperationTimeout, $"Batch {happened.Status.BatchId} is still {happened.Status.Status} after waiting {timeout}."),
                        happened.Status));
                    break;
                case PollEventKind.Failed:
                    WriteError(ErrorFor(happened.Error!, happened.Status.BatchId));
                    break;
            }
        }

        WriteProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>
    /// What the cmdlet does with one batch it was given, read or listed just now: called in input order, on the
    /// pipeline thread. What it writes after a request of its own goes through Start or InTurn, to keep its place.
    /// </summary>
    internal abstract void Handle(SinchClient client, SinchBatchStatus status);

    /// <summary>What the cmdlet does with a batch it was given by ID and could not read: a non-terminating error about the ID.</summary>
    internal virtual void Unreadable(string id, SinchBatchException error) => WriteError(ErrorFor(error, id));

    /// <summary>
    /// Whether -Wait may leave a batch scheduled ahead alone until shortly before its SendAfter: its status changes only
    /// then, unless it is being cancelled.
    /// </summary>
    internal abstract bool WaitsUntilDue { get; }

    /// <summary>What the cmdlet does when a batch it waited for is Processed or Cancelled.</summary>
    internal abstract void Finished(SinchBatchStatus status);

    /// <summary>Hands a batch to -Wait, which polls it in EndProcessing.</summary>
    internal void WaitFor(SinchBatchStatus status) => _waiting.Add(status);

    /// <summary>
    /// Starts a request once fewer than -ThrottleLimit are in flight; its answer goes to <paramref name="done"/>, and its
    /// failure becomes a non-terminating error about <paramref name="target"/>, on this thread, after those of the
    /// requests started before it.
    /// </summary>
    internal void Start<T>(Func<Task<T>> request, object target, Action<T> done) =>
        _window.Start(
            request,
            answer =>
            {
                WriteRequestLog();
                done(answer);
            },
            ex =>
            {
                WriteRequestLog();
                WriteError(ErrorFor(ex, target));
            });

    /// <summary>Writes what needs no request in its turn: after what the batches before it wrote.</summary>
    internal void InTurn(Action write) => _window.Start(() => Task.FromResult(true), _ => write(), _ => { });

    /// <summary>Runs one request and waits for it; a failure becomes a non-terminating error about the target, and null.</summary>
    internal T? Call<T>(Func<Task<T>> request, object target)
        where T : class
    {
        try
        {
            return request().GetAwaiter().GetResult();
        }
        catch (SinchBatchException ex)
        {
            WriteError(ErrorFor(ex, target));
            return null;
        }
        finally
        {
            WriteRequestLog();
        }
    }

    /// <summary>A client per project and endpoint, so batches piped in from several reach each where it lives.</summary>
    private SinchClient ClientFor(string? projectId, SinchEndpoint? sentTo)
    {
        string key = Key(projectId, sentTo);
        if (!_clients.TryGetValue(key, out SinchClient? client))
        {
            client = NewClient(ResolveConnection(projectId, sentTo: sentTo));
            _clients[key] = client;
            _clients[Key(client.Connection.ProjectId, client.Connection.Endpoint)] = client;
        }

        return client;
    }

    private static string Key(string? projectId, SinchEndpoint? endpoint) => $"{projectId}|{endpoint?.BaseUri}|{endpoint?.AuthUri}";

    private static string WaitingFor(IReadOnlyList<SinchBatchStatus> pending) =>
        pending.Count == 1
            ? $"Batch {pending[0].BatchId} is {pending[0].Status}"
            : $"{pending.Count} batches not yet final, such as {pending[0].BatchId} ({pending[0].Status})";
}
