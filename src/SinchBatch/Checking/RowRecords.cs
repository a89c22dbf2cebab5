using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using SinchBatch.Input;

namespace SinchBatch.Checking;

/// <summary>
/// Writes rows into the spool and reads them back. An Import-Csv row (RowValues: note properties holding text) is
/// written as its text under the index of its shape, and rebuilt as an equal new object; any other row (a hashtable,
/// an object) cannot be written as text, so it stays in memory as it came and the record holds its index.
/// </summary>
internal sealed class RowRecords
{
    private readonly List<RowShape> _shapes = new();
    private readonly Dictionary<RowShape, int> _shapeIndex = new();
    private readonly List<object?> _kept = new();

    [MethodImpl(HotPath.Optimize)]
    public void Write(BinaryWriter writer, object? row)
    {
        if (row is not RowValues text)
        {
            // Negative: an index into the rows kept in memory.
            writer.Write(-1 - _kept.Count);
            _kept.Add(row);
            return;
        }

        if (!_shapeIndex.TryGetValue(text.Shape, out int shape))
        {
            shape = _shapes.Count;
            _shapes.Add(text.Shape);
            _shapeIndex.Add(text.Shape, shape);
        }

        writer.Write(shape);
        foreach (object? value in text.Values)
        {
            // Import-Csv gives a null for a value a short line lacks.
            writer.Write(value is not null);
            if (value is not null)
            {
                writer.Write((string)value);
            }
        }
    }

    public object? Read(BinaryReader reader)
    {
        int index = reader.ReadInt32();
        if (index < 0)
        {
            return _kept[-1 - index];
        }

        RowShape shape = _shapes[index];
        var values = new string?[shape.Names.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadBoolean() ? reader.ReadString() : null;
        }

        return shape.ToRow(values);
    }
}
