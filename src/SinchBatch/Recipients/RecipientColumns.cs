using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace SinchBatch.Recipients;

/// <summary>
/// Which of a row's columns make up its recipient entry. Only what the message uses leaves the machine
/// (data minimisation): the recipient, the columns its ${placeholders} name, those -ParameterProperty adds,
/// and the per-recipient metadata columns. Names match without regard to case, as everywhere in PowerShell.
/// </summary>
internal sealed class RecipientColumns
{
    /// <summary>What separates the columns of CSVs that Import-Csv reads with the wrong -Delimiter.</summary>
    private static readonly char[] Delimiters = { ';', '\t', ',' };

    /// <summary>
    /// A refused row comes back with three columns added (its number, ErrorId and reason); they start with this, and no
    /// -ParameterProperty wildcard sends them, so the fixed rows can be piped straight back.
    /// </summary>
    public const string AnnotationPrefix = "SinchBatch";

    public const string RowColumn = "SinchBatchRow";

    public const string ErrorIdColumn = "SinchBatchErrorId";

    public const string ReasonColumn = "SinchBatchReason";

    public RecipientColumns(string recipient, IReadOnlyList<string> placeholders)
    {
        Recipient = recipient;
        Placeholders = placeholders;
    }

    /// <summary>The column holding the contact ID or the channel identity.</summary>
    public string Recipient { get; }

    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>More parameter columns: names or wildcards (* sends every column); null for none.</summary>
    public IReadOnlyList<string>? ParameterProperty { get; set; }

    /// <summary>Columns that go into each recipient's own message_metadata, not into its parameters.</summary>
    public IReadOnlyList<string> MessageMetadata { get; set; } = Array.Empty<string>();

    /// <summary>Columns that go into each recipient's own conversation_metadata, not into its parameters.</summary>
    public IReadOnlyList<string> ConversationMetadata { get; set; } = Array.Empty<string>();

    /// <summary>The column that holds each row's country (-RegionProperty); null for none. Not sent unless the message uses it.</summary>
    public string? Region { get; set; }

    /// <summary>Whether a placeholder's column may be missing (-AllowMissingParameter).</summary>
    public bool AllowMissingParameters { get; set; }

    /// <summary>Whether a wildcard asks for columns that cannot be named before the rows are seen.</summary>
    public bool ReadsEveryColumn => ParameterWildcards.Any();

    /// <summary>The -ParameterProperty columns named outright.</summary>
    public IEnumerable<string> ParameterNames => (ParameterProperty ?? Array.Empty<string>()).Where(p => !WildcardPattern.ContainsWildcardCharacters(p));

    /// <summary>The -ParameterProperty wildcards (such as * or code_*).</summary>
    public IEnumerable<string> ParameterWildcards => (ParameterProperty ?? Array.Empty<string>()).Where(WildcardPattern.ContainsWildcardCharacters);

    /// <summary>The columns read from every row, whatever its shape.</summary>
    public IEnumerable<string> Named =>
        new[] { Recipient }
            .Concat(Placeholders)
            .Concat(ParameterNames)
            .Concat(MessageMetadata)
            .Concat(ConversationMetadata)
            .Concat(Region is null ? Array.Empty<string>() : new[] { Region });

    /// <summary>The recipient's own column cannot also be metadata: it would go to Sinch twice, under two meanings.</summary>
    public void Validate(string recipientParameter)
    {
        foreach (var (list, parameter) in new[] { (MessageMetadata, "-MessageMetadataProperty"), (ConversationMetadata, "-ConversationMetadataProperty") })
        {
            if (list.Contains(Recipient, StringComparer.OrdinalIgnoreCase))
            {
                throw SinchBatchException.InvalidArgument(
                    "SinchBatch.RecipientInMetadata",
                    $"{parameter} names '{Recipient}', the column that holds the recipient ({recipientParameter}). Metadata columns are sent beside the recipient; leave the recipient's own column out.");
            }
        }
    }

    /// <summary>
    /// The first row shows the input's columns: a column that the recipient or a placeholder needs and
    /// that the first row lacks is a problem of the whole input (often a forgotten -Delimiter), not of
    /// each row. Returns warnings: for other named columns it lacks (a misspelling sends nothing for
    /// them), and for a message without placeholders over rows with other columns.
    /// </summary>
    public List<string> CheckFirstRow(IReadOnlyList<string> columns, string recipientParameter)
    {
        var present = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        if (!present.Contains(Recipient))
        {
            missing.Add($"'{Recipient}' (the recipient, {recipientParameter})");
        }

        if (Region is not null && !present.Contains(Region))
        {
            missing.Add($"'{Region}' (the country, -RegionProperty)");
        }

        if (!AllowMissingParameters)
        {
            missing.AddRange(Placeholders.Where(p => !present.Contains(p)).Select(p => $"'{p}' (for ${{{p}}})"));
        }

        if (missing.Count > 0)
        {
            throw new SinchBatchException("SinchBatch.MissingColumn", SinchErrorCategory.InvalidData, MissingColumnMessage(missing, columns));
        }

        var warnings = new List<string>();
        var absent = Absent(present, ParameterNames, "-ParameterProperty")
            .Concat(Absent(present, MessageMetadata, "-MessageMetadataProperty"))
            .Concat(Absent(present, ConversationMetadata, "-ConversationMetadataProperty"))
            .ToList();
        if (absent.Count > 0)
        {
            // A row of another shape may still have them, so this warns rather than ends the command.
            warnings.Add($"The first row has no column {string.Join(" and no column ", absent)}; it has {string.Join(", ", columns.Select(c => $"'{c}'"))}. Rows without it send nothing for it: check the spelling.");
        }

        var unused = columns.Where(c => !Named.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (Placeholders.Count == 0 && ParameterProperty is null && unused.Count > 0)
        {
            warnings.Add(
                $"The message has no ${{placeholders}}, so no per-recipient values are sent (the rows also hold {string.Join(", ", unused)}). "
                + "Text in double quotes, such as \"Hi ${name}\", is filled in by PowerShell before Send-SinchBatch sees it, and ${name} is then empty: "
                + "write it in single quotes, 'Hi ${name}'. To send columns as parameters of a template, name them with -ParameterProperty.");
        }

        return warnings;
    }

    private static IEnumerable<string> Absent(HashSet<string> present, IEnumerable<string> named, string parameter) =>
        named.Where(n => !present.Contains(n)).Select(n => $"'{n}' ({parameter})");

    private static string MissingColumnMessage(List<string> missing, IReadOnlyList<string> columns)
    {
        string has = columns.Count == 0 ? "no columns at all" : "only " + string.Join(", ", columns.Select(c => $"'{c}'"));
        string message = $"The first row has no column {string.Join(" and no column ", missing)}; it has {has}. Nothing was sent.";
        if (columns.Count == 1 && columns[0].IndexOfAny(Delimiters) is int at and >= 0)
        {
            string delimiter = columns[0][at] == '\t' ? "\"`t\"" : $"'{columns[0][at]}'";
            message += $" Its one column's name holds {delimiter}: the file looks separated by {delimiter}; read it with Import-Csv -Delimiter {delimiter}.";
        }

        return message;
    }
}
