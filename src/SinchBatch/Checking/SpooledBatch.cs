namespace SinchBatch.Checking;

/// <summary>A batch the check phase made: its number, name and digest, and where its request body and its rows lie in the spool.</summary>
internal sealed class SpooledBatch
{
    public SpooledBatch(int number, int count, string requestId, string? digest, long bodyAt, int bodyLength, long rowsAt, int rowsLength)
    {
        Number = number;
        Count = count;
        RequestId = requestId;
        Digest = digest;
        BodyAt = bodyAt;
        BodyLength = bodyLength;
        RowsAt = rowsAt;
        RowsLength = rowsLength;
    }

    /// <summary>1-based, in input order; with a campaign, the batch's number within it.</summary>
    public int Number { get; }

    public int Count { get; }

    /// <summary>The name the request carries in its batch metadata (see RequestIds).</summary>
    public string RequestId { get; }

    /// <summary>What the batch holds, for a campaign (see BatchDigest); null without one.</summary>
    public string? Digest { get; }

    public long BodyAt { get; }

    public int BodyLength { get; }

    public long RowsAt { get; }

    public int RowsLength { get; }
}
