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
/// so nothing the message needs is missed. The same goes for what a batch keeps of a PSCustomObject
/// row (see Held): its values under the shape's names and type names.
/// </summary>
internal sealed class RowReader
{
    private readonly string[] _alwaysRead;
    private readonly bool _readAll;
    private readonly List<KeyValuePair<string, object?>> _fields = new();
    private readonly Dictionary<string, CallSite<Func<CallSite, object, object?>>> _getters = new(StringComparer.OrdinalIgnoreCase);

    // The last enumerated row's columns with the values of the row read last, and where each always-read name is among them (-1: not there).
    private RowValues? _row;
    private int[] _alwaysAt = Array.Empty<int>();

    // Whether the shape's rows are PSCustomObjects of note properties only: what RowValues can rebuild.
    private bool _notesOnly;

    private object? _lastRow;
    private object? _lastHeld;

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
        _lastRow = row;
        _lastHeld = row;
        if (PowerShellValues.Unwrap(row) is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                Add(entry.Key?.ToString() ?? "", entry.Value);
            }

            return _fields;
        }

        PSObject item = PSObject.AsPSObject(row);
        bool custom = item.BaseObject is PSCustomObject;
        if (!_readAll && (!custom || (_row is not null && !_notesOnly)))
        {
            // Read by name only: enumerating an object's properties is slow, and what is not a PSCustomObject of note
            // properties is held whole, so its other properties are not worth reading.
            foreach (string name in _alwaysRead)
            {
                if (Get(item, name) is { } value)
                {
                    Add(name, value);
                }
            }

            return _fields;
        }

        if (!TryReadShape(item))
        {
            ReadShape(item);
        }

        RowValues shaped = _row!;
        object?[] values = shaped.Values;
        bool whole = !custom || !_notesOnly;
        if (_readAll)
        {
            for (int i = 0; i < values.Length; i++)
            {
                Add(shaped.Shape.Names[i], values[i]);
            }
        }

        for (int i = 0; i < _alwaysRead.Length; i++)
        {
            if (_alwaysAt[i] >= 0)
            {
                if (!_readAll && values[_alwaysAt[i]] is { } value)
                {
                    Add(_alwaysRead[i], value);
                }
            }
            else if (Get(item, _alwaysRead[i]) is { } value)
            {
                // A column the shape lacks: the row is not of the shape.
                Add(_alwaysRead[i], value);
                whole = true;
            }
        }

        if (!whole && AllText(values))
        {
            _lastHeld = shaped;
        }

        return _fields;
    }

    /// <summary>
    /// What a batch is to keep of the row last read: its RowValues when it is a PSCustomObject of note properties, all of them
    /// the shape's and holding text or nothing (valid until the next Read); else the row itself.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public object Held(object row) => ReferenceEquals(row, _lastRow) ? _lastHeld! : row;

    /// <summary>The names of a row's properties, or of a hashtable's keys: what the input's columns are.</summary>
    public static List<string> Columns(object row) =>
        PowerShellValues.Unwrap(row) is IDictionary map
            ? map.Keys.Cast<object?>().Select(k => k?.ToString() ?? "").ToList()
            : PSObject.AsPSObject(row).Properties.Select(p => p.Name).ToList();

    /// <summary>Reads the row's values under the shape's names; false when it lacks one of them.</summary>
    [MethodImpl(HotPath.Optimize)]
    private bool TryReadShape(PSObject row)
    {
        // With no names, any row would seem to fit.
        if (_row is not { Shape.Names.Length: > 0 })
        {
            return false;
        }

        string[] names = _row.Shape.Names;
        object?[] values = _row.Values;
        for (int i = 0; i < names.Length; i++)
        {
            values[i] = Get(row, names[i]);

            // A null may be a missing property: only then is it worth the slow look.
            if (values[i] is null && row.Properties[names[i]] is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Enumerates the row's properties: their names become the shape the rows after it are read by.</summary>
    private void ReadShape(PSObject row)
    {
        var names = new List<string>();
        var values = new List<object?>();
        _notesOnly = true;
        foreach (PSPropertyInfo property in row.Properties)
        {
            names.Add(property.Name);
            values.Add(property.Value);
            _notesOnly &= property is PSNoteProperty;
        }

        string[] typeNames = row.TypeNames.SequenceEqual(RowShape.PlainTypeNames) ? RowShape.PlainTypeNames : row.TypeNames.ToArray();
        _row = new RowValues(new RowShape(names.ToArray(), typeNames));
        values.CopyTo(_row.Values);
        _alwaysAt = _alwaysRead.Select(name => names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))).ToArray();
    }

    [MethodImpl(HotPath.Optimize)]
    private static bool AllText(object?[] values)
    {
        foreach (object? value in values)
        {
            if (value is not (null or string))
            {
                return false;
            }
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
