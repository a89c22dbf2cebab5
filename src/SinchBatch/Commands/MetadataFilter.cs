using System.Collections;
using System.Linq;

namespace SinchBatch.Commands;

/// <summary>The one key and value that -Metadata selects batches by; Sinch lists by exactly one pair.</summary>
internal sealed class MetadataFilter
{
    public MetadataFilter(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; }

    public string Value { get; }

    public static MetadataFilter From(IDictionary? metadata)
    {
        var pairs = InvariantText.Pairs(metadata).ToList();
        if (pairs.Count != 1 || pairs[0].Key.Length == 0)
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidMetadataFilter",
                $"-Metadata selects batches by exactly one key and value, such as @{{ campaign = 'black-friday' }}; "
                + (pairs.Count == 1 ? "its key is empty." : $"it has {pairs.Count} pairs."));
        }

        return new MetadataFilter(pairs[0].Key, pairs[0].Value);
    }

    public override string ToString() => $"{Key} = '{Value}'";
}
