namespace SinchBatch;

/// <summary>The Sinch region whose batch host a request goes to.</summary>
public enum SinchRegion
{
    US,
    EU,
    BR,
}
