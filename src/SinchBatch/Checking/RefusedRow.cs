using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using SinchBatch.Input;
using SinchBatch.Recipients;

namespace SinchBatch.Checking;

/// <summary>A refused row as errors hand it back: the row, with its number, ErrorId and reason as three columns at the end.</summary>
internal static class RefusedRow
{
    /// <remarks>
    /// An Import-Csv row comes back from the spool as a new object and takes the columns itself, so Export-Csv writes them
    /// after the row's own; a hashtable is copied with three more keys; any other object gets them as note properties.
    /// </remarks>
    public static object Annotate(object? row, long number, string errorId, string reason)
    {
        if (PowerShellValues.Unwrap(row) is IDictionary map)
        {
            var copy = new OrderedDictionary();
            foreach (DictionaryEntry entry in map)
            {
                copy[entry.Key] = entry.Value;
            }

            copy[RecipientColumns.RowColumn] = number;
            copy[RecipientColumns.ErrorIdColumn] = errorId;
            copy[RecipientColumns.ReasonColumn] = reason;
            return copy;
        }

        PSObject annotated = row is null ? new PSObject() : PSObject.AsPSObject(row);
        Set(annotated, RecipientColumns.RowColumn, number);
        Set(annotated, RecipientColumns.ErrorIdColumn, errorId);
        Set(annotated, RecipientColumns.ReasonColumn, reason);
        return annotated;
    }

    /// <summary>A row refused before, fixed and piped back, already has the column: it takes the new value.</summary>
    private static void Set(PSObject row, string name, object value)
    {
        if (row.Properties[name] is { } existing)
        {
            existing.Value = value;
        }
        else
        {
            row.Properties.Add(new PSNoteProperty(name, value));
        }
    }
}
