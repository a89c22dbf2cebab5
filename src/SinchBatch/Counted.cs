namespace SinchBatch;

/// <summary>A count with its noun, singular or plural as the count asks: "1 batch", "2 batches".</summary>
internal static class Counted
{
    public static string Of(long count, string one, string many) => $"{count:N0} {(count == 1 ? one : many)}";
}
