using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using SinchBatch.Input;

namespace SinchBatch.Sending;

/// <summary>
/// The rows a batch holds, in input order, so a failure can hand exactly them back. A row the reader hands out as RowValues
/// (an Import-Csv row) is kept as text in buffers the batch reuses, and rebuilt only for a failure: kept as objects, the
/// rows of a batch outlive the garbage collector's youngest generation, and that costs more than the module's own work on
/// a row (see docs/performance.md). Any other row is kept as it is.
/// </summary>
internal sealed class BatchRows
{
    private readonly List<Entry> _entries = new();
    private readonly List<int> _lengths = new();
    private char[] _text = new char[4096];
    private int _textLength;

    public int Count => _entries.Count;

    [MethodImpl(HotPath.Optimize)]
    public void Add(object? row)
    {
        if (row is not RowValues shaped)
        {
            _entries.Add(new Entry(row, null, 0, 0));
            return;
        }

        _entries.Add(new Entry(null, shaped.Shape, _lengths.Count, _textLength));
        foreach (object? value in shaped.Values)
        {
            // -1 marks a null: Import-Csv gives one for a value a short line lacks.
            var text = (string?)value;
            _lengths.Add(text?.Length ?? -1);
            if (text is not null)
            {
                if (_textLength + text.Length > _text.Length)
                {
                    Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
                }

                text.CopyTo(0, _text, _textLength, text.Length);
                _textLength += text.Length;
            }
        }
    }

    public void Clear()
    {
        _entries.Clear();
        _lengths.Clear();
        _textLength = 0;
    }

    /// <summary>The rows as they came in; those kept as text are rebuilt (see RowShape.ToRow).</summary>
    public object?[] ToArray()
    {
        var rows = new object?[_entries.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            Entry entry = _entries[i];
            if (entry.Shape is null)
            {
                rows[i] = entry.Row;
                continue;
            }

            var values = new string?[entry.Shape.Names.Length];
            int start = entry.FirstChar;
            for (int j = 0; j < values.Length; j++)
            {
                int length = _lengths[entry.FirstValue + j];
                if (length >= 0)
                {
                    values[j] = new string(_text, start, length);
                    start += length;
                }
            }

            rows[i] = entry.Shape.ToRow(values);
        }

        return rows;
    }

    /// <summary>A row kept as it is, or where its values start when kept as text.</summary>
    private readonly struct Entry
    {
        public Entry(object? row, RowShape? shape, int firstValue, int firstChar)
        {
            Row = row;
            Shape = shape;
            FirstValue = firstValue;
            FirstChar = firstChar;
        }

        public object? Row { get; }

        public RowShape? Shape { get; }

        public int FirstValue { get; }

        public int FirstChar { get; }
    }
}
