using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Runtime.CompilerServices;
using SinchBatch.Campaigns;
using SinchBatch.Client;
using SinchBatch.Recipients;

namespace SinchBatch.Sending;

/// <summary>How one chunk's request ended: accepted, or failed with the exception that says why.</summary>
internal sealed class ChunkOutcome
{
    public ChunkOutcome(Chunk chunk, BatchAccepted? accepted, Exception? error)
    {
        Chunk = chunk;
        Accepted = accepted;
        Error = error;
    }

    public Chunk Chunk { get; }

    public BatchAccepted? Accepted { get; }

    public Exception? Error { get; }

    /// <summary>
    /// Failed, but Sinch may have acted: an ambiguous answer, or a request cancelled in flight. Only the other
    /// failures, where Sinch surely did not act, may be sent again as they are.
    /// </summary>
    public bool MayHaveBeenAccepted => Accepted is null && Error is not SinchBatchException { ErrorId: not "SinchBatch.OutcomeUnknown" };
}

/// <summary>
/// Fills chunks of up to a batch size and keeps up to a throttle limit of their requests in flight.
/// The caller's thread (the pipeline's) adds rows, starts requests, waits when the limit is reached,
/// and gets the outcomes back in the order the chunks were sent, so it alone writes output.
/// Finished chunks are reused, so memory stays flat however many rows pass.
/// </summary>
internal sealed class BatchDispatcher
{
    private readonly Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> _send;
    private readonly int _batchSize;
    private readonly int _throttleLimit;
    private readonly CancellationToken _cancel;
    private readonly Queue<(Chunk Chunk, Task<BatchAccepted> Request)> _inFlight = new();
    private readonly Stack<Chunk> _free = new();
    private readonly Func<Chunk> _newChunk;
    private readonly string? _runId;
    private Func<Task<Campaign?>>? _beforeFirstSend;
    private Campaign? _campaign;
    /// <summary>How many batches a campaign's re-run holds back at most (see Send): memory stays bounded.</summary>
    public const int MaxHeld = 16;

    private readonly List<Chunk> _held = new();
    private Chunk? _filling;
    private int _chunksFilled;

    /// <param name="runId">When given, each chunk's request is named "runId-number" in its batch metadata.</param>
    /// <param name="beforeFirstSend">Runs at the first send: whatever must hold before anything goes (a token), and the campaign, if any.</param>
    public BatchDispatcher(
        Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> send,
        int batchSize,
        int throttleLimit,
        Func<Chunk> newChunk,
        CancellationToken cancel,
        string? runId = null,
        Func<Task<Campaign?>>? beforeFirstSend = null)
    {
        _runId = runId;
        _beforeFirstSend = beforeFirstSend;
        _send = send;
        _batchSize = batchSize;
        _throttleLimit = throttleLimit;
        _newChunk = newChunk;
        _cancel = cancel;
    }

    /// <summary>Adds a recipient; returns the chunk once it holds a batch size of them, ready to send.</summary>
    [MethodImpl(HotPath.Optimize)]
    public Chunk? Add(Recipient recipient, object? row)
    {
        if (_filling is null)
        {
            _filling = _free.Count > 0 ? _free.Pop() : _newChunk();
            _filling.Reset();
            _filling.Number = ++_chunksFilled;
            _filling.RequestId = _runId is null ? null : _runId + "-" + _filling.Number;
        }

        _filling.Add(recipient, row);
        return _filling.Count == _batchSize ? TakeFilling() : null;
    }

    /// <summary>The last, partly filled chunk, if any rows are waiting.</summary>
    public Chunk? TakeFilling()
    {
        Chunk? chunk = _filling;
        _filling = null;
        return chunk;
    }

    /// <summary>Rows read but in no request: the chunk being filled, and those held back for the campaign.</summary>
    public int RowsNotSent => (_filling?.Count ?? 0) + _held.Sum(chunk => chunk.Count);

    /// <summary>
    /// Starts the chunk's request, unless an earlier run of the campaign got it accepted; returns the outcomes
    /// that are ready, waiting first while the limit is reached. Throws SinchBatchException when the campaign
    /// cannot be read or changed, or the first send cannot go (no token), and then has sent nothing of this
    /// chunk, nor of the ones held back.
    /// </summary>
    public List<ChunkOutcome> Send(Chunk chunk)
    {
        chunk.Finish();
        _held.Add(chunk);
        Campaign? campaign = Campaign();
        BatchAccepted? earlier = campaign?.Earlier(chunk.Number, chunk.Digest!);
        if (earlier is null && campaign?.HasLiveAfter(chunk.Number) == true)
        {
            // An earlier run sent a later batch: this one waits until that batch proves, by being the same, that no
            // row moved into this one from it. A row moved by an insertion or a deletion lands in the batch right
            // before it, so past a few batches held the oldest may go; only reordered rows could reach further.
            return _held.Count > MaxHeld ? Start(1, null) : new List<ChunkOutcome>();
        }

        return Start(_held.Count, earlier);
    }

    /// <summary>Starts the first <paramref name="count"/> chunks held; the last of them gets <paramref name="earlier"/>, if given, instead of a request.</summary>
    private List<ChunkOutcome> Start(int count, BatchAccepted? earlier)
    {
        var outcomes = new List<ChunkOutcome>();
        for (int i = 0; i < count; i++)
        {
            Chunk ready = _held[i];
            _inFlight.Enqueue((ready, i == count - 1 && earlier is not null ? Task.FromResult(earlier) : Task.Run(() => SendAsync(ready))));
            outcomes.AddRange(Collect(_throttleLimit - 1));
        }

        _held.RemoveRange(0, count);
        return outcomes;
    }

    private async Task<BatchAccepted> SendAsync(Chunk chunk)
    {
        BatchAccepted accepted = await _send(chunk.Body, _cancel).ConfigureAwait(false);
        chunk.Accepted();
        return accepted;
    }

    /// <summary>
    /// At the end of the input: waits for every request still in flight. Throws SinchBatch.CampaignChanged
    /// when chunks held back wait for a later batch of an earlier run that the input never reached.
    /// </summary>
    public List<ChunkOutcome> Finish()
    {
        if (_held.Count > 0)
        {
            throw _campaign!.EndedBefore(_held[0].Number);
        }

        return Drain();
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

    /// <summary>Waits for every request still in flight.</summary>
    public List<ChunkOutcome> Drain() => Collect(0);

    /// <summary>Takes back a chunk for reuse once its outcome has been written, or when it was not sent.</summary>
    public void Return(Chunk chunk) => _free.Push(chunk);

    /// <summary>
    /// Takes the finished requests off the front, in the order they were sent, first waiting while
    /// more than <paramref name="leaveInFlight"/> are in flight.
    /// </summary>
    private List<ChunkOutcome> Collect(int leaveInFlight)
    {
        var outcomes = new List<ChunkOutcome>();
        while (_inFlight.Count > 0 && (_inFlight.Count > leaveInFlight || _inFlight.Peek().Request.IsCompleted))
        {
            (Chunk chunk, Task<BatchAccepted> request) = _inFlight.Peek();
            ((IAsyncResult)request).AsyncWaitHandle.WaitOne();
            _inFlight.Dequeue();
            outcomes.Add(request.Status == TaskStatus.RanToCompletion
                ? new ChunkOutcome(chunk, request.Result, null)
                : new ChunkOutcome(chunk, null, request.Exception?.InnerException ?? new OperationCanceledException()));
        }

        return outcomes;
    }
}
