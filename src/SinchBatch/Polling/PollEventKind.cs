namespace SinchBatch.Polling;

/// <summary>What a PollEvent tells.</summary>
internal enum PollEventKind
{
    Final,
    Waiting,
    TimedOut,
    Failed,
}
