using System;
using System.Collections;
using System.Collections.Generic;
using System.Dynamic;
using System.Linq;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace SinchBatch.Input;

/// <summary>
/// Reads a row's properties as name/value pairs, fast enough for a million rows.
/// Enumerating a PSObject's properties, or looking one up through PSObject.Properties, costs
/// far more than PowerShell's own $row.name, so the names of the last enumerated row are
/// remembered and read from the rows after it through the same dynamic binding a script uses.
/// A row that lacks one of them is enumerated afresh. As with Export-Csv, a property that only
/// later rows have is not seen, except the ones always read (every column the command names),
/// so nothing the message needs is missed.
/// </summary>
internal sealed class RowReader
{
    private readonly string[] _alwaysRead;
    private readonly bool _readAll;
    private readonly List<string> _shape = new();
    private readonly List<KeyValuePair<string, object?>> _fields = new();
    private readonly Dictionary<string, CallSite<Func<CallSite, object, object?>>> _getters = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="alwaysRead">Names read from every row.</param>
    /// <param name="readAll">Whether every property is wanted, or only those in <paramref name="alwaysRead"/>.</param>
    public RowReader(IEnumerable<string> alwaysRead, bool readAll)
    {
        _alwaysRead = alwaysRead.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _readAll = readAll;
    }

    /// <summary>The row's fields; the list is reused by the next call.</summary>
    [MethodImpl(HotPath.Optimize)]
    public List<KeyValuePair<string, object?>> Read(object row)
    {
        _fields.Clear();
        if (PowerShellValues.Unwrap(row) is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                Add(entry.Key?.ToString() ?? "", entry.Value);
            }

            return _fields;
        }

        PSObject item = PSObject.AsPSObject(row);
        if (_readAll && !TryReadShape(item))
        {
            _fields.Clear();
            _shape.Clear();
            foreach (PSPropertyInfo property in item.Properties)
            {
                _shape.Add(property.Name);
                Add(property.Name, property.Value);
            }

            return _fields;
        }

        foreach (string name in _alwaysRead)
        {
            if ((!_readAll || !_shape.Contains(name, StringComparer.OrdinalIgnoreCase)) && Get(item, name) is { } value)
            {
                Add(name, value);
            }
        }

        return _fields;
    }

    /// <summary>The names of a row's properties, or of a hashtable's keys: what the input's columns are.</summary>
    public static List<string> Columns(object row) =>
        PowerShellValues.Unwrap(row) is IDictionary map
            ? map.Keys.Cast<object?>().Select(k => k?.ToString() ?? "").ToList()
            : PSObject.AsPSObject(row).Properties.Select(p => p.Name).ToList();

    [MethodImpl(HotPath.Optimize)]
    private bool TryReadShape(PSObject row)
    {
        if (_shape.Count == 0)
        {
            return false;
        }

        foreach (string name in _shape)
        {
            object? value = Get(row, name);

            // A null may be a missing property: only then is it worth the slow look.
            if (value is null && row.Properties[name] is null)
            {
                return false;
            }

            Add(name, value);
        }

        return true;
    }

    /// <summary>$row.name, as PowerShell binds it; null when the row has no such property.</summary>
    [MethodImpl(HotPath.Optimize)]
    private object? Get(PSObject row, string name)
    {
        if (!_getters.TryGetValue(name, out var site))
        {
            site = CallSite<Func<CallSite, object, object?>>.Create(new PropertyBinder(name));
            _getters.Add(name, site);
        }

        try
        {
            return site.Target(site, row);
        }
        catch (RuntimeException)
        {
            // Set-StrictMode turns a missing property into an error.
            return null;
        }
    }

    private void Add(string name, object? value) => _fields.Add(new KeyValuePair<string, object?>(name, PowerShellValues.Unwrap(value)));

    /// <summary>Asks the PSObject to bind the member; PowerShell's own binder answers and caches the rule.</summary>
    private sealed class PropertyBinder : GetMemberBinder
    {
        public PropertyBinder(string name)
            : base(name, ignoreCase: true)
        {
        }

        public override DynamicMetaObject FallbackGetMember(DynamicMetaObject target, DynamicMetaObject? errorSuggestion) =>
            errorSuggestion ?? new DynamicMetaObject(
                Expression.Constant(null, typeof(object)),
                BindingRestrictions.GetTypeRestriction(target.Expression, target.LimitType));
    }
}
