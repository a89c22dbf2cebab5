using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace SinchBatch;

/// <summary>How values become strings for the API: invariant culture, whatever the session's culture.</summary>
internal static class InvariantText
{
    public static string Of(object value) => value switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A map the API types as string to string: every key and value as an invariant string, null as empty.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Pairs(IDictionary? map)
    {
        if (map is null)
        {
            yield break;
        }

        foreach (DictionaryEntry entry in map)
        {
            yield return new KeyValuePair<string, string>(Of(entry.Key), entry.Value is null ? "" : Of(entry.Value));
        }
    }
}
