using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Checking;
using SinchBatch.Client;

namespace SinchBatch.Campaigns;

/// <summary>
/// One run of a campaign, as it watches the campaign's listing for other runs (on other machines; on this one the
/// CampaignLock keeps them apart). Before its first batch: a cancelled campaign, or changed input, ends the run; batches
/// of another run that still grow while it watches mean that run is alive (CampaignInUse), and a run whose batches stop
/// coming is taken as dead, so a restarted job resumes after one watch. While it sends: its first new batch goes alone
/// and it looks again once that is accepted, then every few batches, and before any batch after a stall; another run's
/// new batches then stop the run whose ID sorts later, while the other waits until they stop coming and goes on, taking
/// what that run sent as already sent. So at most one batch goes twice. Run IDs decide, not clocks, which drift.
/// </summary>
internal sealed class CampaignRun
{
    /// <summary>
    /// How long a run watches for another's batches: longer than a live run goes between two accepted batches, unless it
    /// is stalled (a retry waits at most 30 s). A live run stalled longer is taken for dead; looking again before its
    /// next batch after a stall, it stops itself or the other.
    /// </summary>
    public static readonly TimeSpan DefaultWatch = TimeSpan.FromSeconds(30);

    /// <summary>How many new batches go between two looks at the listing: a look costs one request (per page of the listing).</summary>
    public const int LookEvery = 10;

    private readonly string _runId;
    private readonly Func<CancellationToken, Task<IReadOnlyList<SinchBatchStatus>>> _list;
    private readonly Func<DateTime> _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _wait;
    private readonly HashSet<string> _seen = new();
    private DateTime _lastLook;
    private int _sentAtLook;

    /// <param name="list">Lists the campaign's batches.</param>
    /// <param name="clock">Now, in UTC: a stall is told by it.</param>
    /// <param name="wait">Waits the given time: the watch.</param>
    public CampaignRun(
        string id,
        string runId,
        Func<CancellationToken, Task<IReadOnlyList<SinchBatchStatus>>> list,
        Func<DateTime>? clock = null,
        Func<TimeSpan, CancellationToken, Task>? wait = null,
        TimeSpan? watch = null)
    {
        _runId = runId;
        _list = list;
        _clock = clock ?? (() => DateTime.UtcNow);
        _wait = wait ?? Task.Delay;
        Watch = watch ?? DefaultWatch;
        Current = new Campaign(id, Array.Empty<SinchBatchStatus>());
    }

    public TimeSpan Watch { get; }

    /// <summary>The listing as last read.</summary>
    public Campaign Current { get; private set; }

    /// <summary>
    /// Before the first batch: reads the campaign and throws CampaignCancelled (unless <paramref name="resendCancelled"/>),
    /// CampaignChanged, or CampaignInUse when another run's batches grow while this one watches (not with <paramref name="force"/>).
    /// </summary>
    public async Task StartAsync(IReadOnlyList<SpooledBatch> batches, bool force, bool resendCancelled, CancellationToken cancel)
    {
        await NewOfOtherRunsAsync(cancel).ConfigureAwait(false);
        var cancelled = Current.Cancelled;
        if (cancelled.Count > 0 && !resendCancelled)
        {
            throw Current.Cancel(cancelled);
        }

        Current.Check(batches);
        bool complete = batches.All(b => b.WhollyExcluded || Current.Earlier(b.Number, b.Digest!) is not null);
        if (complete || force || Current.LiveOfOtherRuns(_runId).Count == 0)
        {
            return;
        }

        await _wait(Watch, cancel).ConfigureAwait(false);
        if ((await NewOfOtherRunsAsync(cancel).ConfigureAwait(false)).FirstOrDefault() is { Batch: not null } grown)
        {
            throw InUse(grown, $"it got batch {grown.Number} ({grown.Batch.BatchId}) accepted while this run watched for {Watch.TotalSeconds:0} s, so this run sent nothing. "
                + "Run the command again once that run has ended, or with -Force if you know it has: it sends only what no run got accepted.");
        }

        Current.Check(batches);
    }

    /// <summary>How many new batches this run has sent (Sending).</summary>
    public int Sent { get; private set; }

    /// <summary>Whether to look at the listing before the next new batch: after the first, every LookEvery, and after a stall.</summary>
    public bool LookDue => (Sent != _sentAtLook && (Sent == 1 || Sent % LookEvery == 0)) || _clock() - _lastLook > Watch;

    /// <summary>A new batch goes out.</summary>
    public void Sending() => Sent++;

    /// <summary>
    /// What -WhatIf says of the campaign: another run on this machine (<paramref name="lockHolder"/>), a cancel, changed input,
    /// and batches of other runs that a run now would watch.
    /// </summary>
    public static IEnumerable<string> WhatIf(Campaign campaign, IReadOnlyList<SpooledBatch> batches, string? lockHolder, string runId, bool resendCancelled)
    {
        const string Stops = "A run now would stop before sending: ";
        if (lockHolder is not null)
        {
            yield return Stops + $"another run on this machine is sending campaign '{campaign.Id}' ({lockHolder}).";
        }

        if (campaign.Cancelled is { Count: > 0 } cancelled && !resendCancelled)
        {
            yield return Stops + campaign.Cancel(cancelled).Message;
        }

        string? changed = null;
        try
        {
            campaign.Check(batches);
        }
        catch (SinchBatchException ex)
        {
            changed = Stops + ex.Message;
        }

        if (changed is not null)
        {
            yield return changed;
        }
        else if (batches.Any(b => !b.WhollyExcluded && campaign.Earlier(b.Number, b.Digest!) is null) && campaign.LiveOfOtherRuns(runId).OrderByDescending(b => b.Number).FirstOrDefault() is { Batch: not null } latest)
        {
            yield return $"Other runs got batches of campaign '{campaign.Id}' accepted, the latest batch {latest.Number} ({latest.Batch.BatchId}, run {Campaign.RunOf(latest.Batch)}): "
                + $"a run now would watch the campaign for {DefaultWatch.TotalSeconds:0} s first, and stop with CampaignInUse if that run is still sending.";
        }
    }

    /// <summary>The batch as a run sent it before, or null: never sent, cancelled, or changed (which -WhatIf has said).</summary>
    public static BatchAccepted? AlreadySent(Campaign campaign, SpooledBatch batch)
    {
        try
        {
            return campaign.Earlier(batch.Number, batch.Digest!);
        }
        catch (SinchBatchException)
        {
            return null;
        }
    }

    /// <summary>
    /// Looks at the listing again while sending: another run's new batches stop this run with CampaignInUse when its ID sorts
    /// later; when it sorts first, waits until they stop coming.
    /// </summary>
    public async Task LookAsync(CancellationToken cancel)
    {
        var fresh = await NewOfOtherRunsAsync(cancel).ConfigureAwait(false);
        if (fresh.FirstOrDefault(b => string.CompareOrdinal(Campaign.RunOf(b.Batch), _runId) < 0) is { Batch: not null } first)
        {
            throw InUse(first, $"its batch {first.Number} ({first.Batch.BatchId}) was accepted while this run sent, and its run ID sorts first, so this run stops here; "
                + "at most one batch went to its recipients twice. Run the command again once that run has ended: it sends only what no run got accepted.");
        }

        while (fresh.Count > 0)
        {
            // That run stops when it looks next and sees this run's batches: what it sent meanwhile is already sent.
            await _wait(Watch, cancel).ConfigureAwait(false);
            fresh = await NewOfOtherRunsAsync(cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the listing; returns the other runs' live batches not seen before, latest first.</summary>
    private async Task<List<(int Number, SinchBatchStatus Batch)>> NewOfOtherRunsAsync(CancellationToken cancel)
    {
        Current = new Campaign(Current.Id, await _list(cancel).ConfigureAwait(false));
        _lastLook = _clock();
        _sentAtLook = Sent;
        return Current.LiveOfOtherRuns(_runId).Where(b => _seen.Add(b.Batch.BatchId)).OrderByDescending(b => b.Number).ToList();
    }

    private SinchBatchException InUse((int Number, SinchBatchStatus Batch) other, string what) => new(
        Campaign.InUseId,
        SinchErrorCategory.ResourceBusy,
        $"Another run ({Campaign.RunOf(other.Batch) ?? "of unknown ID"}) is sending campaign '{Current.Id}': {what}");
}
