namespace SinchBatch.Batches;

internal static class WireNames
{
    public static string Of(SinchChannel channel) => channel.ToString();

    public static string Of(SinchProcessingStrategy strategy) =>
        strategy == SinchProcessingStrategy.DispatchOnly ? "DISPATCH_ONLY" : "DEFAULT";
}
