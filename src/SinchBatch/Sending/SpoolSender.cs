using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Checking;
using SinchBatch.Client;

namespace SinchBatch.Sending;

/// <summary>
/// Sends the spool's batches as the cmdlet hands them over, their bodies as the check phase wrote them, with up to a
/// throttle limit of requests in flight, and gives back each batch's outcome in the order the batches were handed
/// over. Everything runs on the caller's thread (the pipeline's), which alone reads the spool and writes output,
/// except the requests themselves.
/// </summary>
internal sealed class SpoolSender
{
    private readonly Spool _spool;
    private readonly Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> _send;
    private readonly int _throttleLimit;
    private readonly CancellationToken _cancel;
    private readonly Queue<(SpooledBatch Batch, byte[]? Buffer, Task<BatchAccepted> Request)> _inFlight = new();
    private readonly Queue<BatchOutcome> _outcomes = new();
    private readonly Stack<byte[]> _buffers = new();

    public SpoolSender(Spool spool, Func<ArraySegment<byte>, CancellationToken, Task<BatchAccepted>> send, int throttleLimit, CancellationToken cancel)
    {
        _spool = spool;
        _send = send;
        _throttleLimit = throttleLimit;
        _cancel = cancel;
    }

    /// <summary>Batches handed over whose outcome is not made yet.</summary>
    public int Pending => _inFlight.Count;

    /// <summary>Waits until fewer than the throttle limit of requests are in flight; their outcomes are then ready.</summary>
    public void WaitForRoom() => Collect(_throttleLimit - 1);

    /// <summary>Starts the batch's request; WaitForRoom first keeps the throttle limit.</summary>
    public void Send(SpooledBatch batch)
    {
        byte[] buffer = _buffers.Count > 0 ? _buffers.Pop() : new byte[batch.BodyLength];
        ArraySegment<byte> body = _spool.ReadBody(batch, ref buffer);
        _inFlight.Enqueue((batch, buffer, Task.Run(() => _send(body, _cancel))));
    }

    /// <summary>A batch a run already got accepted: its outcome, in its place among the others, without a request.</summary>
    public void Skip(SpooledBatch batch, BatchAccepted earlier) => _inFlight.Enqueue((batch, null, Task.FromResult(earlier)));

    /// <summary>The next outcome, in the order the batches were handed over, or null when none has come back yet.</summary>
    public BatchOutcome? NextOutcome()
    {
        Collect(int.MaxValue);
        return _outcomes.Count > 0 ? _outcomes.Dequeue() : null;
    }

    /// <summary>Waits for every request in flight (cancelled first, on Ctrl+C), so none outlives the command.</summary>
    public void Drain() => Collect(0);

    /// <summary>
    /// Takes the ended requests off the front, in order, first waiting while more than <paramref name="leaveInFlight"/>
    /// are in flight; a failed batch's rows are read back for its error.
    /// </summary>
    private void Collect(int leaveInFlight)
    {
        while (_inFlight.Count > 0 && (_inFlight.Count > leaveInFlight || _inFlight.Peek().Request.IsCompleted))
        {
            (SpooledBatch batch, byte[]? buffer, Task<BatchAccepted> request) = _inFlight.Peek();
            ((IAsyncResult)request).AsyncWaitHandle.WaitOne();
            _inFlight.Dequeue();
            if (buffer is not null)
            {
                _buffers.Push(buffer);
            }

            _outcomes.Enqueue(request.Status == TaskStatus.RanToCompletion
                ? new BatchOutcome(batch, request.Result, null, Array.Empty<object?>())
                : new BatchOutcome(batch, null, request.Exception?.InnerException ?? new OperationCanceledException(), _spool.ReadRows(batch)));
        }
    }
}
