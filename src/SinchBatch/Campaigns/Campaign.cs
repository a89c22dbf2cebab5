using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Batches;

namespace SinchBatch.Campaigns;

/// <summary>
/// What a campaign's listing shows: the batches earlier and other runs got accepted. Each batch carries the campaign
/// ID, its number within the campaign, its digest and its request ID (which names its run) in its batch metadata, so a
/// re-run over the same rows sends only the batches no run got accepted, and refuses input that changed.
/// </summary>
internal sealed class Campaign
{
    public const int MaxIdLength = 64;

    /// <summary>The campaign's input changed since an earlier run: running it again as it is would not help.</summary>
    public const string ChangedId = "SinchBatch.CampaignChanged";

    public const string InUseId = "SinchBatch.CampaignInUse";

    public const string CancelledId = "SinchBatch.CampaignCancelled";

    private static readonly Regex IdPattern = new(@"^[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant);

    private readonly Dictionary<int, List<SinchBatchStatus>> _byNumber = new();

    /// <param name="listed">Every batch that lists under the campaign's ID.</param>
    public Campaign(string id, IEnumerable<SinchBatchStatus> listed)
    {
        Id = id;
        foreach (SinchBatchStatus status in listed)
        {
            if (status.Metadata.TryGetValue(MetadataKeys.BatchNumber, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                if (!_byNumber.TryGetValue(number, out List<SinchBatchStatus>? same))
                {
                    _byNumber[number] = same = new List<SinchBatchStatus>();
                }

                same.Add(status);
            }
        }
    }

    public string Id { get; }

    /// <summary>Batch numbers whose every batch was cancelled (Stop-SinchBatch), with one of those batches each.</summary>
    public IReadOnlyList<(int Number, SinchBatchStatus Batch)> Cancelled =>
        _byNumber.Where(e => e.Value.All(s => s.Status == SinchBatchState.Cancelled)).OrderBy(e => e.Key).Select(e => (e.Key, e.Value[0])).ToList();

    /// <summary>Refuses an ID that is empty, too long, or has characters outside [A-Za-z0-9._-].</summary>
    public static string Validate(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && IdPattern.IsMatch(id)
            ? id
            : throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidCampaignId",
                $"-CampaignId '{id}' is not a campaign ID: use 1 to {MaxIdLength} letters, digits, '.', '_' or '-', such as 'black-friday-2026'.");

    /// <summary>Reads the campaign's listing (see ListAsync).</summary>
    public static async Task<Campaign> LoadAsync(SinchClient client, string id, CancellationToken cancel) =>
        new(id, await ListAsync(client, id, cancel).ConfigureAwait(false));

    /// <summary>
    /// Lists the campaign's batches (every page); a failure is terminal, as nothing can be sent without knowing what was.
    /// A refused key or project is said as such.
    /// </summary>
    public static async Task<IReadOnlyList<SinchBatchStatus>> ListAsync(SinchClient client, string id, CancellationToken cancel)
    {
        try
        {
            return await client.ListByMetadataAsync(MetadataKeys.Campaign, id, cancel).ConfigureAwait(false);
        }
        catch (SinchBatchException ex) when (ex.Category is not (SinchErrorCategory.AuthenticationError or SinchErrorCategory.PermissionDenied))
        {
            throw new SinchBatchException(
                "SinchBatch.CampaignLookupFailed",
                SinchErrorCategory.ConnectionError,
                $"Could not read which batches of campaign '{id}' Sinch already accepted, so nothing more was sent: {ex.Message}",
                ex);
        }
    }

    /// <summary>
    /// The batch a run got accepted for this number and digest, or null to send it: never sent, or cancelled.
    /// Throws SinchBatch.CampaignChanged where a batch of this number held something else.
    /// </summary>
    public BatchAccepted? Earlier(int number, string digest)
    {
        if (!_byNumber.TryGetValue(number, out List<SinchBatchStatus>? earlier))
        {
            return null;
        }

        var live = earlier.Where(s => s.Status != SinchBatchState.Cancelled).ToList();
        if (live.FirstOrDefault(s => s.Metadata.TryGetValue(MetadataKeys.Digest, out string? d) && d == digest) is { } same)
        {
            same.Metadata.TryGetValue(MetadataKeys.RequestId, out string? requestId);
            int? recipients = same.Metadata.TryGetValue(MetadataKeys.RecipientCount, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) ? count : null;
            return new BatchAccepted(same.BatchId, same.SendAfter, requestId, alreadySent: true, recipients);
        }

        return live.FirstOrDefault() is { } other
            ? throw Changed($"Batch {number} of campaign '{Id}' is not what an earlier run sent as batch {other.BatchId}: its rows, their order or the message changed")
            : null;
    }

    /// <summary>
    /// Holds the whole input, checked before anything is sent, against what runs got accepted: each batch the same as
    /// the one of its number, and no batch beyond the input's last. Throws SinchBatch.CampaignChanged.
    /// </summary>
    public void Check(IReadOnlyList<SpooledBatch> batches)
    {
        foreach (SpooledBatch batch in batches)
        {
            Earlier(batch.Number, batch.Digest!);
        }

        if (Live.Where(s => s.Number > batches.Count).OrderBy(s => s.Number).FirstOrDefault() is { Batch: { } beyond } later)
        {
            throw Changed($"The input ends before batch {later.Number} of campaign '{Id}', which an earlier run sent as batch {beyond.BatchId}: rows were removed, or -BatchSize changed");
        }
    }

    /// <summary>Batches, not cancelled, whose request another run than <paramref name="runId"/> named.</summary>
    public List<(int Number, SinchBatchStatus Batch)> LiveOfOtherRuns(string runId) =>
        Live.Where(s => RunOf(s.Batch) != runId).ToList();

    public static string? RunOf(SinchBatchStatus batch) =>
        RequestIds.RunOf(batch.Metadata.TryGetValue(MetadataKeys.RequestId, out string? requestId) ? requestId : null);

    public SinchBatchException Cancel(IReadOnlyList<(int Number, SinchBatchStatus Batch)> cancelled) => new(
        CancelledId,
        SinchErrorCategory.InvalidOperation,
        $"Campaign '{Id}' was cancelled: {Batches(cancelled.Select(c => c.Number).ToList())} {(cancelled.Count == 1 ? "was" : "were")} cancelled (such as {cancelled[0].Batch.BatchId}), "
        + "so this run sent nothing: a restarted job must not undo an admin's Stop-SinchBatch. To send the cancelled batches again, add -ResendCancelled.");

    private IEnumerable<(int Number, SinchBatchStatus Batch)> Live =>
        _byNumber.SelectMany(e => e.Value.Where(s => s.Status != SinchBatchState.Cancelled).Select(s => (e.Key, s)));

    private static string Batches(List<int> numbers) =>
        (numbers.Count == 1 ? "batch " : "batches ") + string.Join(", ", numbers.Take(10).Select(n => n.ToString(CultureInfo.InvariantCulture))) + (numbers.Count > 10 ? ", …" : "");

    private static SinchBatchException Changed(string what) => new(
        ChangedId,
        SinchErrorCategory.InvalidData,
        what + ", so this run cannot tell which recipients already have the message, and sent nothing more. "
        + "Run it with the input as it was, give the changed input a new -CampaignId, or send the changed rows on their own.");
}
