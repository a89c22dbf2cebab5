using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SinchBatch.Messages;

/// <summary>Finds the ${name} parameters that Sinch fills in from each recipient's parameters.</summary>
internal static class PlaceholderScanner
{
    private static readonly Regex Placeholder = new(@"\$\{([^{}]+)\}", RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> Scan(JsonElement json)
    {
        var names = new List<string>();
        foreach (string text in Strings(json))
        {
            Scan(text, names);
        }

        return names;
    }

    public static void Scan(string text, List<string> names)
    {
        foreach (Match match in Placeholder.Matches(text))
        {
            string name = match.Groups[1].Value;
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
    }

    /// <summary>Fills each ${name} as Sinch does: with the value given, or, where none is, left as written.</summary>
    public static string Fill(string text, IReadOnlyList<KeyValuePair<string, string>> values) =>
        text.IndexOf("${", System.StringComparison.Ordinal) < 0
            ? text
            : Placeholder.Replace(text, match =>
            {
                string name = match.Groups[1].Value;
                foreach (var value in values)
                {
                    if (value.Key == name)
                    {
                        return value.Value;
                    }
                }

                return match.Value;
            });

    /// <summary>The text without its ${placeholders}: what every recipient receives as written.</summary>
    public static string WithoutPlaceholders(string text) => Placeholder.Replace(text, "");

    /// <summary>Every string in the JSON, in document order: the places Sinch fills ${name} in.</summary>
    public static List<string> Strings(JsonElement json)
    {
        var strings = new List<string>();
        Visit(json, strings);
        return strings;
    }

    private static void Visit(JsonElement json, List<string> strings)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(json.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in json.EnumerateObject())
                {
                    Visit(property.Value, strings);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in json.EnumerateArray())
                {
                    Visit(item, strings);
                }

                break;
        }
    }
}
