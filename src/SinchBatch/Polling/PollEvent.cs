using System;
using System.Collections.Generic;

namespace SinchBatch.Polling;

/// <summary>What happened while waiting: a batch reached a final status, is still waiting, ran out of time, or could not be read.</summary>
internal sealed class PollEvent
{
    private PollEvent(PollEventKind kind, SinchBatchStatus status, IReadOnlyList<SinchBatchStatus>? pending = null, Exception? error = null)
    {
        Kind = kind;
        Status = status;
        Pending = pending ?? Array.Empty<SinchBatchStatus>();
        Error = error;
    }

    public PollEventKind Kind { get; }

    /// <summary>The batch's last known status.</summary>
    public SinchBatchStatus Status { get; }

    /// <summary>With Waiting: every batch still waited for.</summary>
    public IReadOnlyList<SinchBatchStatus> Pending { get; }

    public Exception? Error { get; }

    public static PollEvent Final(SinchBatchStatus status) => new(PollEventKind.Final, status);

    public static PollEvent Waiting(List<SinchBatchStatus> pending) => new(PollEventKind.Waiting, pending[0], pending.ToArray());

    public static PollEvent TimedOut(SinchBatchStatus last) => new(PollEventKind.TimedOut, last);

    public static PollEvent Failed(SinchBatchStatus last, Exception error) => new(PollEventKind.Failed, last, error: error);
}
