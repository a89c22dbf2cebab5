namespace SinchBatch.Input;

/// <summary>
/// A row made only of note properties with text values (or none), as its shape and values: what a batch needs to rebuild
/// it. The reader refills the same instance for every row of the shape, so whoever keeps it copies the values.
/// </summary>
internal sealed class RowValues
{
    public RowValues(RowShape shape)
    {
        Shape = shape;
        Values = new object?[shape.Names.Length];
    }

    public RowShape Shape { get; }

    /// <summary>The row's values, in the shape's order: strings or nulls once the reader hands the row out as this.</summary>
    public object?[] Values { get; }
}
