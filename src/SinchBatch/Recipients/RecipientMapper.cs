using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SinchBatch.Recipients;

/// <summary>
/// Turns one input row (its property names and values) into a recipient: the id property names
/// the recipient, the rest (or the -ParameterProperty ones) become parameters. Property names
/// match without regard to case, as they do everywhere in PowerShell.
/// </summary>
internal sealed class RecipientMapper
{
    private readonly string _idProperty;
    private readonly HashSet<string>? _parameterProperties;
    private static readonly Comparison<KeyValuePair<string, string>> ByName = (a, b) => string.CompareOrdinal(a.Key, b.Key);

    private readonly IReadOnlyList<string> _placeholders;
    private readonly Dictionary<string, string> _placeholderSpelling;
    private readonly bool _allowMissingParameters;

    // One recipient, refilled for every row: a million rows make no garbage here.
    private readonly Recipient _recipient = new("", new List<KeyValuePair<string, string>>());

    public RecipientMapper(string idProperty, IEnumerable<string>? parameterProperties, IReadOnlyList<string> placeholders, bool allowMissingParameters)
    {
        _idProperty = idProperty;
        _parameterProperties = parameterProperties is null ? null : new HashSet<string>(parameterProperties, StringComparer.OrdinalIgnoreCase);
        _placeholders = placeholders;
        _allowMissingParameters = allowMissingParameters;

        // A column "Name" fills ${name}: the parameter is sent under the placeholder's spelling.
        _placeholderSpelling = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in placeholders)
        {
            if (!_placeholderSpelling.ContainsKey(name))
            {
                _placeholderSpelling.Add(name, name);
            }
        }
    }

    /// <summary>
    /// Maps a row, or throws a SinchBatchException that names the row and what it lacks.
    /// The recipient returned is valid until the next call.
    /// </summary>
    /// <param name="rowNumber">1-based position of the row in the input, for error messages.</param>
    [MethodImpl(HotPath.Optimize)]
    public Recipient Map(IReadOnlyList<KeyValuePair<string, object?>> row, long rowNumber)
    {
        string? id = null;
        bool idSeen = false;
        List<KeyValuePair<string, string>> parameters = _recipient.Parameters;
        parameters.Clear();
        for (int i = 0; i < row.Count; i++)
        {
            KeyValuePair<string, object?> field = row[i];
            if (string.Equals(field.Key, _idProperty, StringComparison.OrdinalIgnoreCase))
            {
                idSeen = true;
                id = field.Value is null ? null : InvariantText.Of(field.Value);
                continue;
            }

            if (field.Value is null || (_parameterProperties is not null && !_parameterProperties.Contains(field.Key)))
            {
                continue;
            }

            string name = _placeholderSpelling.TryGetValue(field.Key, out string? spelling) ? spelling : field.Key;
            parameters.Add(new KeyValuePair<string, string>(name, InvariantText.Of(field.Value)));
        }

        // In name order: a hashtable row's order changes from process to process, and a campaign's digest must not.
        if (parameters.Count > 1)
        {
            parameters.Sort(ByName);
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            throw new SinchBatchException(
                "SinchBatch.MissingRecipient",
                SinchErrorCategory.InvalidData,
                idSeen
                    ? $"Row {rowNumber} has an empty '{_idProperty}', so it has no recipient. The row was not sent."
                    : $"Row {rowNumber} has no '{_idProperty}' property, so it has no recipient (-ContactIdProperty or -IdentityProperty names the column that holds it). The row was not sent.");
        }

        if (!_allowMissingParameters)
        {
            CheckPlaceholders(parameters, id!, rowNumber);
        }

        _recipient.Id = id!;
        return _recipient;
    }

    private void CheckPlaceholders(List<KeyValuePair<string, string>> parameters, string id, long rowNumber)
    {
        foreach (string placeholder in _placeholders)
        {
            if (!HasValue(parameters, placeholder))
            {
                throw new SinchBatchException(
                    "SinchBatch.MissingParameter",
                    SinchErrorCategory.InvalidData,
                    $"Row {rowNumber} ('{id}') has no value for ${{{placeholder}}}: the recipient would receive '${{{placeholder}}}' as it is. The row was not sent; add the value, or use -AllowMissingParameter to send such rows anyway.");
            }
        }
    }

    private static bool HasValue(List<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Key == name && parameter.Value.Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
