using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Json;
using SinchBatch.Recipients;

namespace SinchBatch.Sending;

/// <summary>
/// Owns each batch's life: fills it with recipients, names it (number and request ID), sends it once the
/// caller approves, keeps up to a throttle limit of requests in flight, collects the outcomes in the order
/// the batches were sent, and reuses the batch. Everything runs on the caller's thread (the pipeline's),
/// which alone writes output, except the requests themselves. Memory stays flat however many rows pass.
/// </summary>
internal sealed class BatchDispatcher
{
    /// <summary>How many batches a campaign's re-run holds back at most (see Send): memory stays bounded.</summary>
    public const int MaxHeld = 16;

    private readonly Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> _send;
    private readonly BatchWriter _writer;
    private readonly int _batchSize;
    private readonly int _throttleLimit;
    private readonly CancellationToken _cancel;
    private readonly Func<Batch, bool> _approve;
    private readonly string? _runId;
    private readonly Queue<(Batch Batch, Task<BatchAccepted> Request)> _inFlight = new();
    private readonly Queue<BatchOutcome> _outcomes = new();
    private readonly List<Batch> _held = new();
    private readonly Stack<Batch> _free = new();
    private Func<Task<Campaign?>>? _beforeFirstSend;
    private Campaign? _campaign;
    private Batch? _filling;
    private int _lastNumber;

    /// <param name="approve">Asked for each full batch before it is sent (ShouldProcess); one refused is reused unsent.</param>
    /// <param name="runId">When given, each batch's request is named after it and the batch number (see RequestIds).</param>
    /// <param name="beforeFirstSend">Runs at the first send: whatever must hold before anything goes (a token), and the campaign, if any.</param>
    public BatchDispatcher(
        Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> send,
        BatchWriter writer,
        int batchSize,
        int throttleLimit,
        CancellationToken cancel,
        Func<Batch, bool>? approve = null,
        string? runId = null,
        Func<Task<Campaign?>>? beforeFirstSend = null)
    {
        _send = send;
        _writer = writer;
        _batchSize = batchSize;
        _throttleLimit = throttleLimit;
        _cancel = cancel;
        _approve = approve ?? (_ => true);
        _runId = runId;
        _beforeFirstSend = beforeFirstSend;
    }

    /// <summary>Rows read but in no request: the batch being filled, and those a campaign holds back.</summary>
    public int RowsNotSent => (_filling?.Count ?? 0) + _held.Sum(batch => batch.Count);

    /// <summary>
    /// Adds a recipient; a batch it fills is sent, once approved, and then true says outcomes may be ready.
    /// Throws SinchBatchException when the campaign cannot be read or changed, or the first send cannot go
    /// (no token), and then sends nothing of this batch, nor of the ones held back.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public bool Add(Recipient recipient, object? row)
    {
        if (_filling is null)
        {
            _filling = _free.Count > 0 ? _free.Pop() : new Batch(_writer);
            _filling.Start(++_lastNumber, _runId is null ? null : RequestIds.Of(_runId, _lastNumber));
        }

        _filling.Add(recipient, row);
        if (_filling.Count < _batchSize)
        {
            return false;
        }

        Dispatch();
        return true;
    }

    /// <summary>At the end of the input: sends the last, partly filled batch, if any, as Add would.</summary>
    public void SendLast()
    {
        if (_filling is not null)
        {
            Dispatch();
        }
    }

    /// <summary>
    /// After SendLast, once its outcomes are taken: waits for every request still in flight. Throws
    /// SinchBatch.CampaignChanged when batches held back wait for a later batch of an earlier run that the
    /// input never reached.
    /// </summary>
    public void Finish()
    {
        if (_held.Count > 0)
        {
            throw _campaign!.EndedBefore(_held[0].Number);
        }

        Collect(0);
    }

    /// <summary>The next outcome, in the order the batches were sent, or null when none has come back yet.</summary>
    public BatchOutcome? NextOutcome() => _outcomes.Count > 0 ? _outcomes.Dequeue() : null;

    /// <summary>
    /// The command ends early: waits for every request in flight (cancelled first, on Ctrl+C), so none outlives
    /// it, and returns every outcome not yet taken.
    /// </summary>
    public List<BatchOutcome> Stop()
    {
        Collect(0);
        var rest = _outcomes.ToList();
        _outcomes.Clear();
        return rest;
    }

    private void Dispatch()
    {
        Batch batch = _filling!;
        bool approved = _approve(batch);

        // Only now: a ShouldProcess that throws (Ctrl+C at a -Confirm prompt) leaves the batch among the rows not sent.
        _filling = null;
        if (!approved)
        {
            _free.Push(batch);
            return;
        }

        batch.Finish();
        _held.Add(batch);
        Campaign? campaign = Campaign();
        BatchAccepted? earlier = campaign?.Earlier(batch.Number, batch.Digest!);
        if (earlier is null && campaign?.HasLiveAfter(batch.Number) == true)
        {
            // An earlier run sent a later batch: this one waits until that batch proves, by being the same, that no
            // row moved into this one from it. A row moved by an insertion or a deletion lands in the batch right
            // before it, so past a few batches held the oldest may go; only reordered rows could reach further.
            if (_held.Count > MaxHeld)
            {
                SendHeld(1, null);
            }

            return;
        }

        SendHeld(_held.Count, earlier);
    }

    /// <summary>The campaign, read at the first send: waiting here holds back nothing but that send.</summary>
    private Campaign? Campaign()
    {
        if (_beforeFirstSend is { } prepare)
        {
            _campaign = prepare().GetAwaiter().GetResult();
            _beforeFirstSend = null;
        }

        return _campaign;
    }

    /// <summary>Sends the first <paramref name="count"/> batches held; the last of them gets <paramref name="earlier"/>, if given, instead of a request.</summary>
    private void SendHeld(int count, BatchAccepted? earlier)
    {
        for (int i = 0; i < count; i++)
        {
            Batch ready = _held[i];
            _inFlight.Enqueue((ready, i == count - 1 && earlier is not null ? Task.FromResult(earlier) : Task.Run(() => SendAsync(ready))));
            Collect(_throttleLimit - 1);
        }

        _held.RemoveRange(0, count);
    }

    private async Task<BatchAccepted> SendAsync(Batch batch)
    {
        BatchAccepted accepted = await _send(batch.Body, _cancel).ConfigureAwait(false);
        batch.Accepted();
        return accepted;
    }

    /// <summary>
    /// Takes the finished requests off the front, in the order they were sent, first waiting while more than
    /// <paramref name="leaveInFlight"/> are in flight; each batch is free for reuse once its outcome is made.
    /// </summary>
    private void Collect(int leaveInFlight)
    {
        while (_inFlight.Count > 0 && (_inFlight.Count > leaveInFlight || _inFlight.Peek().Request.IsCompleted))
        {
            (Batch batch, Task<BatchAccepted> request) = _inFlight.Peek();
            ((IAsyncResult)request).AsyncWaitHandle.WaitOne();
            _inFlight.Dequeue();
            _outcomes.Enqueue(request.Status == TaskStatus.RanToCompletion
                ? new BatchOutcome(batch, request.Result, null)
                : new BatchOutcome(batch, null, request.Exception?.InnerException ?? new OperationCanceledException()));
            _free.Push(batch);
        }
    }
}
