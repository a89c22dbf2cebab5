using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace SinchBatch;

/// <summary>
/// A batch's metadata, read-only: indexed and enumerated as a dictionary (and bound to -Metadata as one), while its
/// text is "key=value; ..." in key order, the module's own sinchbatch_ keys last, because Export-Csv writes each
/// property as its ToString and ignores views.
/// </summary>
public sealed class MetadataDictionary : ReadOnlyDictionary<string, string>
{
    private const string OwnKeyPrefix = Batches.MetadataKeys.Prefix;

    internal MetadataDictionary(IEnumerable<KeyValuePair<string, string>> pairs)
        : base(InTextOrder(pairs))
    {
    }

    internal static MetadataDictionary Empty { get; } = new(Array.Empty<KeyValuePair<string, string>>());

    /// <summary>"campaign=spring; wave=1": what Export-Csv and string conversion write.</summary>
    public override string ToString() => string.Join("; ", this.Select(p => p.Key + "=" + p.Value));

    // Inserted in text order, so enumerating gives the same order as the text.
    private static Dictionary<string, string> InTextOrder(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var ordered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs
            .OrderBy(p => p.Key.StartsWith(OwnKeyPrefix, StringComparison.Ordinal))
            .ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            ordered[pair.Key] = pair.Value;
        }

        return ordered;
    }
}
