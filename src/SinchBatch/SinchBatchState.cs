namespace SinchBatch;

/// <summary>Where a batch is in its life cycle, as Sinch reports it.</summary>
public enum SinchBatchState
{
    /// <summary>A state this version of the module does not know.</summary>
    Unknown,
    Ready,
    Scheduled,
    Processed,
    Cancelled,

    /// <summary>Stop-SinchBatch asked for the cancellation and Sinch took it, but has not carried it out yet (it still reports Scheduled).</summary>
    CancelRequested,
}
