using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Validation;
using SinchBatch.Client;
using SinchBatch.Sending;

namespace SinchBatch.Campaigns;

/// <summary>
/// What earlier runs of a campaign got accepted, read once before the first send. Each batch carries the
/// campaign ID, its number within the campaign and its digest in its batch metadata, so a re-run over the
/// same rows sends only the batches that no earlier run got accepted, and refuses input that changed.
/// </summary>
internal sealed class Campaign
{
    public const string IdKey = "sinchbatch_campaign";
    public const string NumberKey = "sinchbatch_batch";
    public const string DigestKey = "sinchbatch_digest";
    public const int MaxIdLength = 64;

    /// <summary>The campaign's input changed since an earlier run: running it again as it is would not help.</summary>
    public const string ChangedId = "SinchBatch.CampaignChanged";

    private static readonly Regex IdPattern = new(@"^[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant);

    private readonly Dictionary<int, List<SinchBatchStatus>> _earlier = new();
    private readonly int _lastLive;

    /// <param name="earlier">Every batch that lists under the campaign's ID.</param>
    public Campaign(string id, IEnumerable<SinchBatchStatus> earlier)
    {
        Id = id;
        foreach (SinchBatchStatus status in earlier)
        {
            if (status.Metadata.TryGetValue(NumberKey, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                if (!_earlier.TryGetValue(number, out List<SinchBatchStatus>? same))
                {
                    _earlier[number] = same = new List<SinchBatchStatus>();
                }

                same.Add(status);
                _lastLive = status.Status == SinchBatchState.Cancelled ? _lastLive : Math.Max(_lastLive, number);
            }
        }
    }

    public string Id { get; }

    /// <summary>Whether an earlier run got a batch numbered after this one accepted (and not cancelled).</summary>
    public bool HasLiveAfter(int number) => _lastLive > number;

    /// <summary>Refuses an ID that is empty, too long, or has characters outside [A-Za-z0-9._-].</summary>
    public static string Validate(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && IdPattern.IsMatch(id)
            ? id
            : throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidCampaignId",
                $"-CampaignId '{id}' is not a campaign ID: use 1 to {MaxIdLength} letters, digits, '.', '_' or '-', such as 'black-friday-2026'.");

    /// <summary>
    /// Lists the campaign's batches; a failure is terminal, as nothing can be sent without knowing what was.
    /// A refused key or project is said as such. Assumed: one answer lists every batch (the API documents no paging).
    /// </summary>
    public static async Task<Campaign> LoadAsync(SinchClient client, string id, CancellationToken cancel)
    {
        IReadOnlyList<SinchBatchStatus> earlier;
        try
        {
            earlier = await client.ListByMetadataAsync(IdKey, id, cancel).ConfigureAwait(false);
        }
        catch (SinchBatchException ex) when (ex.Category is not (SinchErrorCategory.AuthenticationError or SinchErrorCategory.PermissionDenied))
        {
            throw new SinchBatchException(
                "SinchBatch.CampaignLookupFailed",
                SinchErrorCategory.ConnectionError,
                $"Could not read which batches of campaign '{id}' Sinch already accepted, so nothing was sent: {ex.Message}",
                ex);
        }

        return new Campaign(id, earlier);
    }

    /// <summary>
    /// The batch an earlier run got accepted for this number and digest, or null to send it: never sent, or
    /// cancelled. Throws SinchBatch.CampaignChanged where an earlier batch of this number held something else.
    /// </summary>
    public BatchAccepted? Earlier(int number, string digest)
    {
        if (!_earlier.TryGetValue(number, out List<SinchBatchStatus>? earlier))
        {
            return null;
        }

        var live = earlier.Where(s => s.Status != SinchBatchState.Cancelled).ToList();
        if (live.FirstOrDefault(s => s.Metadata.TryGetValue(DigestKey, out string? d) && d == digest) is { } same)
        {
            same.Metadata.TryGetValue(RequestIds.MetadataKey, out string? requestId);
            return new BatchAccepted(same.BatchId, same.SendAfter, requestId, alreadySent: true);
        }

        return live.FirstOrDefault() is { } other
            ? throw Changed($"Batch {number} of campaign '{Id}' is not what an earlier run sent as batch {other.BatchId}: its rows, their order or the message changed")
            : null;
    }

    /// <summary>The input ended, with batches held back until the later batch an earlier run sent: rows were removed.</summary>
    public SinchBatchException EndedBefore(int heldNumber)
    {
        int later = _earlier.Keys.Where(n => n > heldNumber && _earlier[n].Any(s => s.Status != SinchBatchState.Cancelled)).Min();
        string id = _earlier[later].First(s => s.Status != SinchBatchState.Cancelled).BatchId;
        return Changed($"The input ended before batch {later} of campaign '{Id}', which an earlier run sent as batch {id}: rows were removed, or -BatchSize changed");
    }

    private static SinchBatchException Changed(string what) => new(
        ChangedId,
        SinchErrorCategory.InvalidData,
        what + ", so this run cannot tell which recipients already have the message, and sent nothing more. "
        + "Run it with the input as it was, give the changed input a new -CampaignId, or send the changed rows on their own.");
}
