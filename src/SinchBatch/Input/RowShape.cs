using System.Collections.Generic;
using System.Management.Automation;

namespace SinchBatch.Input;

/// <summary>
/// The columns that rows of one kind share, as an Import-Csv file's rows share its header: their names in order, and
/// their type names. A batch keeps such a row as its values alone (see RowValues) and rebuilds it from them here.
/// </summary>
internal sealed class RowShape
{
    /// <summary>A PSCustomObject's own type names; Import-Csv sets others only from a #TYPE line.</summary>
    public static readonly string[] PlainTypeNames = { typeof(PSCustomObject).FullName!, typeof(object).FullName! };

    public RowShape(string[] names, string[] typeNames)
    {
        Names = names;
        TypeNames = typeNames;
    }

    public string[] Names { get; }

    public string[] TypeNames { get; }

    /// <summary>The row again: a PSCustomObject with these properties, in this order, holding <paramref name="values"/>, and these type names.</summary>
    public PSObject ToRow(IReadOnlyList<string?> values)
    {
        var row = new PSObject();
        for (int i = 0; i < Names.Length; i++)
        {
            row.Properties.Add(new PSNoteProperty(Names[i], values[i]));
        }

        if (TypeNames != PlainTypeNames)
        {
            row.TypeNames.Clear();
            foreach (string typeName in TypeNames)
            {
                row.TypeNames.Add(typeName);
            }
        }

        return row;
    }
}
