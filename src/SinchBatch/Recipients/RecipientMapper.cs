using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using SinchBatch.Messages;

namespace SinchBatch.Recipients;

/// <summary>
/// Turns one input row (its property names and values) into a recipient entry, as RecipientColumns
/// say: the recipient, its parameters and its own metadata. Phone identities are read into E.164.
/// </summary>
internal sealed class RecipientMapper
{
    private static readonly Comparison<KeyValuePair<string, string>> ByName = (a, b) => string.CompareOrdinal(a.Key, b.Key);

    private readonly RecipientColumns _columns;
    private readonly PhoneIdentities? _phones;
    private readonly WildcardPattern[] _parameterPatterns;

    // What each column is used for, and the name it is sent under; a column no pattern names is remembered too.
    private readonly Dictionary<string, Use> _uses = new(StringComparer.OrdinalIgnoreCase);

    // One recipient, refilled for every row: a million rows make no garbage here.
    private readonly Recipient _recipient = new();

    /// <param name="phones">Reads identities as phone numbers; null sends them as they are.</param>
    public RecipientMapper(RecipientColumns columns, PhoneIdentities? phones = null)
    {
        _columns = columns;
        _phones = phones;
        _parameterPatterns = columns.ParameterWildcards.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        foreach (string name in columns.ParameterNames)
        {
            Declare(name, Role.Parameter);
        }

        foreach (string name in columns.MessageMetadata)
        {
            Declare(name, Role.MessageMetadata);
        }

        foreach (string name in columns.ConversationMetadata)
        {
            Declare(name, Role.ConversationMetadata);
        }

        // A column "Name" fills ${name}: that parameter is sent under the placeholder's spelling.
        foreach (string name in columns.Placeholders)
        {
            Declare(name, Role.Parameter, name);
        }

        if (columns.Region is { } region)
        {
            Declare(region, Role.Region);
        }

        _uses[columns.Recipient] = new Use(Role.Recipient, null);
    }

    /// <summary>Sends text with the marks of UTF-8 read as a single-byte code page (-SkipTextCheck); U+FFFD is refused all the same.</summary>
    public bool SkipTextCheck { get; set; }

    [Flags]
    private enum Role
    {
        None = 0,
        Recipient = 1,
        Parameter = 2,
        MessageMetadata = 4,
        ConversationMetadata = 8,
        Region = 16,
    }

    /// <summary>
    /// Maps a row, or throws a SinchBatchException that names the row and what is wrong with it.
    /// The recipient returned is valid until the next call.
    /// </summary>
    /// <param name="rowNumber">1-based position of the row in the input, for error messages.</param>
    [MethodImpl(HotPath.Optimize)]
    public Recipient Map(IReadOnlyList<KeyValuePair<string, object?>> row, long rowNumber)
    {
        string? id = null;
        string? country = null;
        bool idSeen = false;
        Recipient recipient = _recipient;
        recipient.Clear();
        for (int i = 0; i < row.Count; i++)
        {
            KeyValuePair<string, object?> field = row[i];
            Use use = UseOf(field.Key);
            if (use.Role == Role.Recipient)
            {
                idSeen = true;
                id = field.Value is null ? null : InvariantText.Of(field.Value);
                continue;
            }

            if ((use.Role & Role.Region) != 0 && field.Value is not null)
            {
                country = InvariantText.Of(field.Value);
            }

            if (use.Role is Role.None or Role.Region || field.Value is null)
            {
                continue;
            }

            // Padding is what a spreadsheet leaves, never what a customer should read: "Hallo  Jürgen !".
            string value = Readable(InvariantText.Of(field.Value).Trim(), field.Key, rowNumber);
            if ((use.Role & Role.Parameter) != 0)
            {
                recipient.Parameters.Add(new KeyValuePair<string, string>(use.Placeholder ?? field.Key, value));
            }

            // A missing or empty value leaves the key out.
            if (value.Length > 0 && (use.Role & Role.MessageMetadata) != 0)
            {
                recipient.MessageMetadata.Add(new KeyValuePair<string, string>(field.Key, value));
            }

            if (value.Length > 0 && (use.Role & Role.ConversationMetadata) != 0)
            {
                recipient.ConversationMetadata.Add(new KeyValuePair<string, string>(field.Key, value));
            }
        }

        // In name order: a hashtable row's order changes from process to process, and a campaign's digest must not.
        recipient.Parameters.Sort(ByName);
        recipient.MessageMetadata.Sort(ByName);
        recipient.ConversationMetadata.Sort(ByName);

        if (string.IsNullOrWhiteSpace(id))
        {
            throw new SinchBatchException(
                "SinchBatch.MissingRecipient",
                SinchErrorCategory.InvalidData,
                idSeen
                    ? $"Row {rowNumber} has an empty '{_columns.Recipient}', so it has no recipient. The row was not sent."
                    : $"Row {rowNumber} has no '{_columns.Recipient}' property, so it has no recipient (-ContactIdProperty or -IdentityProperty names the column that holds it). The row was not sent.");
        }

        id = Readable(id!.Trim(), _columns.Recipient, rowNumber);
        recipient.Id = _phones is null ? id : _phones.Read(id, rowNumber, country);
        if (!_columns.AllowMissingParameters)
        {
            CheckPlaceholders(recipient);
        }

        return recipient;

        void CheckPlaceholders(Recipient recipient)
        {
            foreach (string placeholder in _columns.Placeholders)
            {
                if (!HasValue(recipient, placeholder))
                {
                    throw new SinchBatchException(
                        "SinchBatch.MissingParameter",
                        SinchErrorCategory.InvalidData,
                        $"Row {rowNumber} ({IdentityMask.Of(recipient.Id)}) has no value for ${{{placeholder}}}: the recipient would receive '${{{placeholder}}}' as it is. The row was not sent; add the value, or use -AllowMissingParameter to send such rows anyway.");
                }
            }
        }
    }

    /// <summary>
    /// Text read in the wrong encoding, which the customer would see: U+FFFD is what a decoder leaves of bytes that were
    /// not in its encoding (an ANSI file read as UTF-8), "Ã¼" what UTF-8 read as a single-byte code page becomes.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private string Readable(string value, string column, long rowNumber)
    {
        if (value.IndexOf('\uFFFD') >= 0)
        {
            throw new SinchBatchException(
                Mojibake.UnreadableTextId,
                SinchErrorCategory.InvalidData,
                $"Row {rowNumber}'s '{column}' holds U+FFFD (\uFFFD), the mark of text read in the wrong encoding. The row was not sent. "
                    + "A CSV saved by Excel is often in the system's ANSI code page: read it with Import-Csv -Encoding Default on Windows PowerShell, "
                    + "or -Encoding ansi (or its code page, such as -Encoding 1252) on PowerShell 7.");
        }

        if (!SkipTextCheck && Mojibake.In(value))
        {
            throw new SinchBatchException(
                Mojibake.UnreadableTextId,
                SinchErrorCategory.InvalidData,
                $"Row {rowNumber}'s '{column}' holds the marks of UTF-8 text read as a single-byte code page (such as 'Ã¼' for 'ü' or 'â€“' for '–'). The row was not sent. "
                    + "The CSV is UTF-8: read it with Import-Csv -Encoding utf8 (Windows PowerShell reads a file without a byte order mark as ANSI). "
                    + "If the text is right as it is, -SkipTextCheck sends it.");
        }

        return value;
    }

    private static bool HasValue(Recipient recipient, string name)
    {
        foreach (var parameter in recipient.Parameters)
        {
            if (parameter.Key == name && parameter.Value.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(HotPath.Optimize)]
    private Use UseOf(string column)
    {
        if (!_uses.TryGetValue(column, out Use use))
        {
            // The columns a refused row gains (see RecipientColumns.AnnotationPrefix) match no wildcard: a fixed file piped back does not send them.
            bool annotation = column.StartsWith(RecipientColumns.AnnotationPrefix, StringComparison.OrdinalIgnoreCase);
            use = new Use(!annotation && Array.Exists(_parameterPatterns, p => p.IsMatch(column)) ? Role.Parameter : Role.None, null);
            _uses.Add(column, use);
        }

        return use;
    }

    /// <summary>Adds a role a named column plays; a placeholder names the parameter it fills.</summary>
    private void Declare(string column, Role role, string? placeholder = null) =>
        _uses[column] = _uses.TryGetValue(column, out Use earlier) ? new Use(earlier.Role | role, placeholder ?? earlier.Placeholder) : new Use(role, placeholder);

    /// <summary>What a column is sent as; a parameter goes under the placeholder's spelling, else under the column's own.</summary>
    private readonly struct Use
    {
        public Use(Role role, string? placeholder)
        {
            Role = role;
            Placeholder = placeholder;
        }

        public Role Role { get; }

        public string? Placeholder { get; }
    }
}
