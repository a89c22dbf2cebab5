namespace SinchBatch;

/// <summary>Overrides the app's processing mode for one batch.</summary>
public enum SinchProcessingStrategy
{
    Default,
    DispatchOnly,
}
