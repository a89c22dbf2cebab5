using System;
using System.Collections.Generic;
using System.IO;

namespace SinchBatch.Recipients;

/// <summary>
/// What a country column may hold: an ISO 3166-1 alpha-2 or alpha-3 code, or a country's name in English or,
/// for the EU/EEA, in its own language (Deutschland, Sverige). Names from a list shipped with the module.
/// </summary>
internal static class Countries
{
    private static readonly Lazy<(Dictionary<string, string> Codes, Dictionary<string, string> Names)> Table = new(Load);

    /// <summary>The alpha-2 code a value names, such as GB for "gb", "GBR" or "United Kingdom"; null when it names no country.</summary>
    public static string? Find(string value) => Table.Value.Codes.TryGetValue(value.Trim(), out string? code) ? code : null;

    /// <summary>The country's English name, such as "United Kingdom" for GB.</summary>
    public static string NameOf(string region) => Table.Value.Names.TryGetValue(region, out string? name) ? name : region;

    private static (Dictionary<string, string>, Dictionary<string, string>) Load()
    {
        var codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using Stream stream = typeof(Countries).Assembly.GetManifestResourceStream("SinchBatch.Countries.tsv")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] fields = line.Split('\t');
            string region = fields[0];
            codes[region] = region;
            if (fields[1] != "-")
            {
                codes[fields[1]] = region;
            }

            string[] spellings = fields[2].Split('|');
            names[region] = spellings[0];
            foreach (string name in spellings)
            {
                codes[name] = region;
            }
        }

        return (codes, names);
    }
}
