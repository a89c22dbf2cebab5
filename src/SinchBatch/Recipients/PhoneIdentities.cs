using System.Collections.Generic;
using System.Linq;
using SinchBatch.PhoneNumbers;

namespace SinchBatch.Recipients;

/// <summary>
/// Identities on the channels that address a phone number, read with libphonenumber and sent in E.164.
/// The only class that calls into SinchBatch.PhoneNumbers, so a command without phone channels never loads it.
/// </summary>
internal sealed class PhoneIdentities
{
    /// <summary>The channels whose identity is a phone number.</summary>
    public static readonly SinchChannel[] Channels = { SinchChannel.SMS, SinchChannel.MMS, SinchChannel.WHATSAPP, SinchChannel.RCS, SinchChannel.VIBERBM };

    private readonly string? _region;

    /// <param name="region">ISO 3166-1 alpha-2 code that national numbers are read in; null reads only international ones.</param>
    public PhoneIdentities(string? region)
    {
        _region = region;
    }

    /// <summary>
    /// Reads identities as phone numbers where a channel addresses one, unless <paramref name="skipCheck"/>
    /// (-SkipPhoneNumberCheck); null where none is read. Refuses a -DefaultRegion that nothing would use, or that
    /// libphonenumber does not know.
    /// </summary>
    public static PhoneIdentities? For(IReadOnlyList<SinchChannel>? channels, string? defaultRegion, bool skipCheck)
    {
        bool phones = channels?.Any(c => System.Array.IndexOf(Channels, c) >= 0) == true && !skipCheck;
        if (defaultRegion is null)
        {
            return phones ? new PhoneIdentities(null) : null;
        }

        if (!phones)
        {
            throw SinchBatchException.InvalidArgument(
                "SinchBatch.DefaultRegionUnused",
                skipCheck
                    ? "-DefaultRegion reads national phone numbers, and -SkipPhoneNumberCheck sends identities unread: use one of them."
                    : $"-DefaultRegion reads national phone numbers, but no channel here addresses one ({string.Join(", ", Channels)} do).");
        }

        string region = defaultRegion.ToUpperInvariant();
        return IsRegion(region)
            ? new PhoneIdentities(region)
            : throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidRegion",
                $"-DefaultRegion '{defaultRegion}' is not a region whose phone numbers are known: give an ISO 3166-1 alpha-2 code, such as SE, GB or US (press Tab after -DefaultRegion for the list)."
                    + (region == "UK" ? " The United Kingdom's code is GB." : ""));
    }

    /// <summary>Whether libphonenumber knows the region's numbers; the region is written in upper case.</summary>
    public static bool IsRegion(string region) => PhoneNumberReader.Regions.Contains(region);

    public static IEnumerable<string> Regions => PhoneNumberReader.Regions.OrderBy(r => r, System.StringComparer.Ordinal);

    /// <summary>The identity in E.164, or a SinchBatchException (InvalidPhoneNumber) that names the row and the value.</summary>
    public string Read(string value, long rowNumber)
    {
        if (PhoneNumberReader.ToE164(value, _region, out PhoneNumberProblem problem) is { } e164)
        {
            return e164;
        }

        string why = problem switch
        {
            PhoneNumberProblem.NeedsRegion when value.TrimStart().StartsWith("00", System.StringComparison.Ordinal) =>
                "starts with 00, an international prefix that depends on the country it is dialled from; write it with + instead, or -DefaultRegion (such as -DefaultRegion SE) would read it as dialled from that country",
            PhoneNumberProblem.NeedsRegion => "has no country code (+46 or the like); -DefaultRegion (such as -DefaultRegion SE) would read it as a number of that country",
            PhoneNumberProblem.Invalid => $"is not a valid phone number{(_region is null ? "" : $" (national numbers read as {_region})")}",
            _ => "cannot be read as a phone number",
        };
        throw new SinchBatchException(
            "SinchBatch.InvalidPhoneNumber",
            SinchErrorCategory.InvalidData,
            $"Row {rowNumber}'s identity '{value}' {why}. The row was not sent. If the number is right and too new for the check, -SkipPhoneNumberCheck sends identities as they are.");
    }
}
