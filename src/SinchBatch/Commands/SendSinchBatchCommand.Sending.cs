using System;
using System.Management.Automation;
using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Client;
using SinchBatch.Sending;

namespace SinchBatch.Commands;

/// <summary>Send-SinchBatch's send phase: the spool, once every row is checked, sent batch by batch (see SendSinchBatchCommand.cs).</summary>
public sealed partial class SendSinchBatchCommand
{
    /// <summary>
    /// Sends the spool: a token first, so a refused key ends the command before any batch; with a campaign, its lock
    /// and its listing; then each batch not sent before, once approved, writing outcomes as they come back.
    /// </summary>
    private void SendSpool()
    {
        CampaignLock? campaignLock = null;
        try
        {
            CampaignRun? campaign = null;
            try
            {
                _client.WarmUpAsync(StopToken, throwOnFailure: true).GetAwaiter().GetResult();
                if (_template.CampaignId is { } id)
                {
                    campaignLock = CampaignLock.Take(_client.Connection.ProjectId, id, _runId);
                    campaign = new CampaignRun(id, _runId, cancel => Campaign.ListAsync(_client, id, cancel));
                    campaign.StartAsync(_spool.Batches, Force, ResendCancelled, StopToken).GetAwaiter().GetResult();
                }
            }
            catch (SinchBatchException ex)
            {
                ThrowTerminatingError(ErrorFor(ex, null));
            }

            SendBatches(campaign);
        }
        finally
        {
            // However the send ends: a later run in this process (runbook jobs share one) must find the campaign free.
            campaignLock?.Dispose();
        }
    }

    /// <summary>Each batch not sent before, once approved; outcomes written as they come back; an early end accounted for.</summary>
    private void SendBatches(CampaignRun? campaign)
    {
        var sender = new SpoolSender(_spool, _client.SendBatchAsync, ThrottleLimit, StopToken);
        ErrorRecord? ending;
        try
        {
            ending = SendEach(sender, campaign);
        }
        catch (SinchBatchException ex)
        {
            ending = ErrorFor(ex, null);
        }
        catch
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
    private ErrorRecord? SendEach(SpoolSender sender, CampaignRun? campaign)
    {
        foreach (SpooledBatch batch in _spool.Batches)
        {
            BatchAccepted? earlier = campaign?.Current.Earlier(batch.Number, batch.Digest!);
            if (earlier?.RecipientCount is int sent)
            {
                // Its rows the earlier run left out: so rows read still add up to accepted, refused and excluded.
                _ledger.Excluding(batch.Count + batch.Excluded - sent, wholeBatch: false);
            }

            if (earlier is null)
            {
                // A batch sent before stays as it was sent; one not sent yet leaves out its excluded rows, and goes not at all when they are all it has.
                _ledger.Excluding(batch.Excluded, batch.WhollyExcluded);
                if (batch.WhollyExcluded)
                {
                    WriteVerbose($"Batch {batch.Number}: {AllExcluded(batch)}.");
                    _ledger.HandedOver(0);
                    continue;
                }
            }

            if (earlier is null && Approve(batch))
            {
                // Room for a request, or with a campaign's first new batch none in flight: it goes alone, accepted before the look.
                if (campaign?.Sent == 1)
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

                if (campaign?.LookDue == true)
                {
                    campaign.LookAsync(StopToken).GetAwaiter().GetResult();
                    earlier = campaign.Current.Earlier(batch.Number, batch.Digest!);
                }

                if (earlier is null)
                {
                    sender.Send(batch);
                    campaign?.Sending();
                }
            }

            if (earlier is not null)
            {
                sender.Skip(batch, earlier);
            }

            _ledger.HandedOver(batch.Count);
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
                writable = TryWriteObject(_records.Result(accepted, outcome));
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
                WriteObject(_records.Result(accepted, outcome));
            }
            else if (outcome.Error is SinchBatchException { Category: SinchErrorCategory.AuthenticationError or SinchErrorCategory.PermissionDenied })
            {
                return _records.Error(outcome);
            }
            else
            {
                ErrorRecord failed = _records.Error(outcome);
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
}
