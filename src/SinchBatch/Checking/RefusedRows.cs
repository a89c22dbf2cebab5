using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SinchBatch.Checking;

/// <summary>
/// The rows the check phase refused, counted by reason (ErrorId), with the first rows of each and the first one's
/// reason, which says what to do: what RowsRefused says. The rows themselves are in the spool.
/// </summary>
internal sealed class RefusedRows
{
    public const string RowsRefusedId = "SinchBatch.RowsRefused";

    /// <summary>How many refused rows an error hands back at most: memory stays bounded however many are refused.</summary>
    public const int MaxHandedBack = 10_000;

    private const int RowsNamed = 3;
    private readonly List<Reason> _reasons = new();

    public long Count { get; private set; }

    public void Add(long row, SinchBatchException why)
    {
        Count++;
        Reason? reason = _reasons.Find(r => r.ErrorId == why.ErrorId);
        if (reason is null)
        {
            reason = new Reason(why.ErrorId, why.Message);
            _reasons.Add(reason);
        }

        reason.Count++;
        if (reason.Rows.Count < RowsNamed + 1)
        {
            reason.Rows.Add(row);
        }
    }

    /// <summary>"1,335 of 2,000 rows were refused; nothing was sent: 1,330 InvalidPhoneNumber (rows 1, 3, 6, …; row 1: ...), 5 MissingRecipient (...)."</summary>
    public string Summary(long rowsRead)
    {
        var text = new StringBuilder($"{Number(Count)} of {Number(rowsRead)} rows were refused; nothing was sent: ");
        text.Append(string.Join(", ", _reasons.OrderByDescending(r => r.Count).Select(Describe)));
        text.Append(". Fix those rows and run the command again, or add -SkipInvalidRow to send the other rows. ");
        text.Append(Count > MaxHandedBack
            ? $"The first {Number(MaxHandedBack)} refused rows are this error's TargetObject"
            : "The refused rows are this error's TargetObject");
        text.Append(", each with its SinchBatchRow, SinchBatchErrorId and SinchBatchReason: `$err.TargetObject | Export-Csv refused.csv` lists them.");
        return text.ToString();
    }

    private static string Describe(Reason reason)
    {
        string name = reason.ErrorId.StartsWith("SinchBatch.", System.StringComparison.Ordinal) ? reason.ErrorId.Substring("SinchBatch.".Length) : reason.ErrorId;
        if (reason.Count == 1)
        {
            return $"1 {name} ({reason.FirstMessage})";
        }

        string rows = string.Join(", ", reason.Rows.Take(RowsNamed).Select(Number)) + (reason.Count > RowsNamed ? ", …" : "");
        return $"{Number(reason.Count)} {name} (rows {rows}; the first: {reason.FirstMessage})";
    }

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class Reason
    {
        public Reason(string errorId, string firstMessage)
        {
            ErrorId = errorId;
            FirstMessage = firstMessage.TrimEnd('.');
        }

        public string ErrorId { get; }

        public string FirstMessage { get; }

        public long Count { get; set; }

        public List<long> Rows { get; } = new();
    }
}
