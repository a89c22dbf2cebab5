namespace SinchBatch.Emulator;

/// <summary>How one request is answered badly; None answers it as Sinch would.</summary>
public enum Fault
{
    None,
    RateLimited,
    RateLimitedBare,
    Unavailable,
    InternalError,
    Dropped,
    HtmlAnswer,
    EmptyAnswer,
    NoBatchIdAnswer,
}
