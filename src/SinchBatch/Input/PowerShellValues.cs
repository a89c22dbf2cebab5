using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace SinchBatch.Input;

/// <summary>
/// Where PowerShell's values meet the plain C# parts: -InputObject becomes rows, and hashtables
/// or PSCustomObjects become plain dictionaries and lists. (RowReader reads a row's properties.)
/// </summary>
internal static class PowerShellValues
{
    /// <summary>The rows in one -InputObject value: itself, or its items when an array was passed by name.</summary>
    public static IEnumerable<object> Rows(object? input)
    {
        object? value = input is PSObject pso ? pso.BaseObject : input;
        if (value is null)
        {
            yield break;
        }

        if (value is IEnumerable items and not IDictionary and not string)
        {
            foreach (object? item in items)
            {
                if (item is not null)
                {
                    yield return item;
                }
            }

            yield break;
        }

        yield return input!;
    }

    /// <summary>
    /// A plain tree: dictionaries for hashtables and PSCustomObjects, lists for arrays, leaves as they are.
    /// Keys are sorted: a Hashtable enumerates in another order in every process, and a campaign's digest
    /// must not change between a run and its re-run.
    /// </summary>
    public static object? ToPlain(object? value)
    {
        value = value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;
        switch (value)
        {
            case null or string:
                return value;
            case IDictionary map:
                var plainMap = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in map)
                {
                    plainMap[entry.Key?.ToString() ?? ""] = ToPlain(entry.Value);
                }

                return plainMap;
            case PSObject custom:
                var properties = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (PSPropertyInfo property in custom.Properties)
                {
                    properties[property.Name] = ToPlain(property.Value);
                }

                return properties;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items)
                {
                    list.Add(ToPlain(item));
                }

                return list;
            default:
                return value;
        }
    }

    /// <summary>ToPlain for a dictionary parameter.</summary>
    public static IDictionary? ToPlainMap(IDictionary? map) => (IDictionary?)ToPlain(map);

    public static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
}
