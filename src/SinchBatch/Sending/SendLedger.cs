using System.Collections.Generic;
using System.Linq;
using System.Text;
using SinchBatch.Checking;

namespace SinchBatch.Sending;

/// <summary>
/// What became of one Send-SinchBatch command's rows, batch by batch: the progress and closing lines, and
/// the summary that whatever ends the command early puts in its error or on the host, so that no accepted
/// batch goes unnamed and no failed one unmentioned. Each outcome is written (Writing, then Written), or
/// goes into the summary when the command ends first (Summarised, or CutShort for the one whose writing it ended).
/// </summary>
internal sealed class SendLedger
{
    private readonly List<string> _acceptedIds = new();
    private readonly List<BatchOutcome> _unreported = new();
    private readonly string? _campaignId;
    private readonly int _batches;
    private readonly long _recipients;
    private int _alreadySent;
    private int _batchesHandedOver;
    private long _recipientsHandedOver;
    private int _batchesDone;
    private BatchOutcome? _writing;

    /// <param name="batches">How many batches the spool holds.</param>
    /// <param name="recipients">How many recipients they hold.</param>
    public SendLedger(string? campaignId, int batches, long recipients)
    {
        _campaignId = campaignId;
        _batches = batches;
        _recipients = recipients;
    }

    public long RowsRead { get; set; }

    public long RowsRefused { get; set; }

    /// <summary>Rows -ExcludeRecipient held back from the batches this run sends, or does not send for that (Excluding).</summary>
    public long RowsExcluded { get; private set; }

    /// <summary>Whether the send ended early (CutShort): it is accounted for once.</summary>
    public bool Ended { get; private set; }

    public int PercentComplete => _batches == 0 ? 100 : (int)(100L * _batchesDone / _batches);

    /// <summary>A batch goes to the sender (or is skipped, or refused at -Confirm): what follows it is not sent if the command ends now.</summary>
    public void HandedOver(int recipients)
    {
        _batchesHandedOver++;
        _recipientsHandedOver += recipients;
    }

    /// <summary>
    /// A batch holds <paramref name="rows"/> rows that -ExcludeRecipient left out, in this run or, for a batch an earlier
    /// run sent, in that one; a batch that holds nothing else (<paramref name="wholeBatch"/>) is not sent, and done.
    /// </summary>
    public void Excluding(int rows, bool wholeBatch)
    {
        RowsExcluded += rows;
        _batchesDone += wholeBatch ? 1 : 0;
    }

    public long RecipientsAccepted { get; private set; }

    public int BatchesAccepted => _acceptedIds.Count;

    /// <summary>Recipients of failed batches, each reported as an error holding its rows.</summary>
    public long RecipientsFailed { get; private set; }

    /// <summary>An outcome about to be written: an accepted batch counts from now, whatever becomes of the write.</summary>
    public void Writing(BatchOutcome outcome)
    {
        _writing = outcome;
        _batchesDone++;
        CountAccepted(outcome);
    }

    /// <summary>The outcome was written: a failed batch's error, holding its rows, reached the user.</summary>
    public void Written()
    {
        if (_writing is { Accepted: null } failed)
        {
            RecipientsFailed += failed.RecipientCount;
        }

        _writing = null;
    }

    /// <summary>The command ends before the outcome is written as usual: an accepted batch counts, a failure is named in the summary.</summary>
    public void Summarised(BatchOutcome outcome)
    {
        if (outcome.Accepted is null)
        {
            _unreported.Add(outcome);
        }

        CountAccepted(outcome);
    }

    /// <summary>
    /// The command ended while an outcome was being written. A failure's error reached the user only when it is
    /// the error that ends the command (<paramref name="errorShown"/>); otherwise the summary names the batch.
    /// </summary>
    public void CutShort(bool errorShown)
    {
        Ended = true;
        if (_writing is { Accepted: null } failed && !errorShown)
        {
            _unreported.Add(failed);
        }
        else
        {
            Written();
        }

        _writing = null;
    }

    public string Progress => $"Sending: {_batchesDone:N0} of {Counted.Of(_batches, "batch", "batches")} done; {Accepted()}";

    /// <summary>The line every send that runs to its end closes with.</summary>
    public string Summary =>
        $"Send-SinchBatch: {Counted.Of(RowsRead, "row", "rows")} read; {Accepted()}"
        + (_campaignId is null ? "" : $", {_alreadySent:N0} of them already sent by earlier runs")
        + $"; {Recipients(RecipientsFailed)} in failed batches; {Counted.Of(RowsRefused, "row", "rows")} refused; {Counted.Of(RowsExcluded, "row", "rows")} excluded.";

    /// <param name="opening">Why the command ended, as a sentence.</param>
    /// <param name="rerunHelps">Whether running the command again would send the rest: not when its input changed.</param>
    public string EarlyEnd(string opening, bool rerunHelps = true)
    {
        var text = new StringBuilder(opening);
        text.Append($" Accepted: {Recipients(RecipientsAccepted)} in {Counted.Of(BatchesAccepted, "batch", "batches")}");
        text.Append(_alreadySent > 0 ? $", {_alreadySent} of them by earlier runs" : "");
        text.Append(BatchesAccepted > 0 ? $" ({string.Join(", ", _acceptedIds)})." : ".");
        text.Append($" Failed and reported: {Recipients(RecipientsFailed)}.");

        var unknown = _unreported.Where(o => o.MayHaveBeenAccepted).ToList();
        if (unknown.Count > 0)
        {
            text.Append($" Outcome unknown (cancelled in flight, or no clear answer): {Recipients(unknown.Sum(o => o.RecipientCount))} in {Counted.Of(unknown.Count, "batch", "batches")}, "
                + $"which Sinch may or may not have accepted; look each up by its request ID with {RequestIds.LookUp("<id>")}, "
                + $"ids: {string.Join(", ", unknown.Select(o => o.RequestId))}.");
        }

        var failed = _unreported.Where(o => !o.MayHaveBeenAccepted).ToList();
        if (failed.Count > 0)
        {
            text.Append($" Not sent: {Recipients(failed.Sum(o => o.RecipientCount))} in batches {string.Join(", ", failed.Select(o => o.Number))} ({failed[0].Error!.Message}).");
        }

        text.Append($" Not started: {Recipients(_recipients - _recipientsHandedOver)} in {Counted.Of(_batches - _batchesHandedOver, "batch", "batches")}.");
        if (!rerunHelps || (BatchesAccepted == 0 && unknown.Count == 0))
        {
            return text.ToString();
        }

        text.Append(_campaignId is null
            ? " Running the same command again would send the accepted recipients the message again; with -CampaignId, a re-run sends only what no earlier run got accepted."
            : $" To send the rest, run the same command again with -CampaignId '{_campaignId}': it sends only what no earlier run got accepted.");
        return text.ToString();
    }

    private static string Recipients(long count) => Counted.Of(count, "recipient", "recipients");

    private void CountAccepted(BatchOutcome outcome)
    {
        if (outcome.Accepted is { } accepted)
        {
            _acceptedIds.Add(accepted.BatchId);
            RecipientsAccepted += outcome.RecipientCount;
            _alreadySent += accepted.AlreadySent ? 1 : 0;
        }
    }

    private string Accepted() => $"{Recipients(RecipientsAccepted)} accepted in {Counted.Of(BatchesAccepted, "batch", "batches")}";
}
