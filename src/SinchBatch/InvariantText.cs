using System;
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
}
