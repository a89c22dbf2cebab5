using SinchBatch.Batches;
namespace SinchBatch.Checking;

/// <summary>A batch the check phase made: its number, name and digest, and where its request body and its rows lie in the spool.</summary>
internal sealed class SpooledBatch
{
    public SpooledBatch(int number, int count, string requestId, string? digest, int excluded, long bodyAt, int bodyLength, long rowsAt, int rowsLength)
    {
        Number = number;
        Count = count;
        RequestId = requestId;
        Digest = digest;
        Excluded = excluded;
        BodyAt = bodyAt;
        BodyLength = bodyLength;
        RowsAt = rowsAt;
        RowsLength = rowsLength;
    }

    /// <summary>1-based, in input order; with a campaign, the batch's number within it.</summary>
    public int Number { get; }

    /// <summary>The recipients its request sends: its rows less those excluded.</summary>
    public int Count { get; }

    /// <summary>Its rows that -ExcludeRecipient held back: not in its request, but in its digest.</summary>
    public int Excluded { get; }

    /// <summary>Every recipient is excluded: the batch is not sent.</summary>
    public bool WhollyExcluded => Count == 0;

    /// <summary>The name the request carries in its batch metadata (see RequestIds).</summary>
    public string RequestId { get; }

    /// <summary>What the batch holds, for a campaign (see BatchDigest); null without one.</summary>
    public string? Digest { get; }

    public long BodyAt { get; }

    public int BodyLength { get; }

    public long RowsAt { get; }

    public int RowsLength { get; }
}
