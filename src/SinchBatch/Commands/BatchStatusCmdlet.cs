using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Polling;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// What Get-SinchBatchStatus and Stop-SinchBatch share: batches chosen by ID (also from the
/// pipeline), by one metadata pair or by campaign, a client per project, and -Wait, which polls every batch
/// handed to it in EndProcessing, so a pipeline of batches is waited for together.
/// </summary>
public abstract class BatchStatusCmdlet : SinchCmdlet
{
    protected const string ById = "ById";
    protected const string ByMetadata = "ByMetadata";
    protected const string ByCampaign = "ByCampaign";

    private readonly Dictionary<string, SinchClient> _clients = new(StringComparer.Ordinal);
    private readonly List<SinchBatchStatus> _waiting = new();

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

    /// <summary>How long -Wait waits in all.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    protected override void BeginProcessing()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorFor(SinchBatchException.InvalidArgument("SinchBatch.InvalidTimeout", $"-Timeout {Timeout} is not a positive time."), Timeout));
        }
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
                ByCampaign => new MetadataFilter(Campaign.IdKey, Campaign.Validate(CampaignId)),
                _ => null,
            };
        }
        catch (SinchBatchException ex)
        {
            ThrowTerminatingError(ErrorFor(ex, null));
            return;
        }

        if (filter is null)
        {
            foreach (string id in BatchId)
            {
                if (Call(() => client.GetStatusAsync(id, StopToken), id) is { } status)
                {
                    Handle(client, status);
                }
            }

            return;
        }

        IReadOnlyList<SinchBatchStatus>? found = Call(() => client.ListByMetadataAsync(filter.Key, filter.Value, StopToken), filter);
        if (found is { Count: 0 })
        {
            WriteWarning($"No batch in project {client.Connection.ProjectId} has the metadata {filter}.");
        }

        foreach (SinchBatchStatus status in found ?? Array.Empty<SinchBatchStatus>())
        {
            Handle(client, status);
        }
    }

    protected override void EndProcessing()
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        var poller = new StatusPoller((last, cancel) => ClientFor(last.ProjectId, last.Endpoint).GetStatusAsync(last.BatchId, cancel));
        foreach (PollEvent happened in poller.Wait(_waiting, Timeout, StopToken))
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
                        new SinchBatchException("SinchBatch.WaitTimedOut", SinchErrorCategory.OperationTimeout, $"Batch {happened.Status.BatchId} is still {happened.Status.Status} after waiting {Timeout}."),
                        happened.Status));
                    break;
                case PollEventKind.Failed:
                    WriteError(ErrorFor(happened.Error!, happened.Status.BatchId));
                    break;
            }
        }

        WriteProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>What the cmdlet does with one batch it was given, read just now.</summary>
    internal abstract void Handle(SinchClient client, SinchBatchStatus status);

    /// <summary>What the cmdlet does when a batch it waited for is Processed or Cancelled.</summary>
    internal abstract void Finished(SinchBatchStatus status);

    /// <summary>Hands a batch to -Wait, which polls it in EndProcessing.</summary>
    internal void WaitFor(SinchBatchStatus status) => _waiting.Add(status);

    /// <summary>Runs one request; a failure becomes a non-terminating error about the target, and null.</summary>
    internal T? Call<T>(Func<System.Threading.Tasks.Task<T>> request, object target)
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

    /// <summary>Call for a request that answers nothing; true when it succeeded.</summary>
    internal bool Call(Func<System.Threading.Tasks.Task> request, object target) =>
        Call(async () =>
        {
            await request().ConfigureAwait(false);
            return target;
        }, target) is not null;

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
