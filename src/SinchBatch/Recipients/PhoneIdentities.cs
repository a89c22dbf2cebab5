using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
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

    /// <summary>
    /// The channels that carry a text message to the number, so only numbers a text can reach are sent.
    /// WhatsApp, RCS and Viber reach any number that has the app, fixed lines included.
    /// </summary>
    public static readonly SinchChannel[] TextChannels = { SinchChannel.SMS, SinchChannel.MMS };

    private readonly PhoneNumberReader _reader;
    private readonly PhoneNumberReader _anyNumber;
    private readonly string? _region;

    // How many numbers read so far start with each three digits: their most common country is the one examples use.
    private readonly int[] _leadingDigits = new int[1000];

    /// <param name="region">ISO 3166-1 alpha-2 code that national numbers are read in; null reads only international ones.</param>
    /// <param name="textOnly">Whether a text message must reach the number (SMS, MMS): fixed lines and service numbers are refused.</param>
    /// <param name="allowFixedLine">Lets fixed lines through for SMS and MMS (-AllowFixedLine).</param>
    public PhoneIdentities(string? region, bool textOnly = false, bool allowFixedLine = false)
    {
        _region = region;
        _reader = new PhoneNumberReader(region, textOnly, allowFixedLine);
        _anyNumber = new PhoneNumberReader(region, smsOnly: false, allowFixedLine: true);
    }

    /// <summary>
    /// Reads identities as phone numbers where a channel addresses one, unless <paramref name="skipCheck"/>
    /// (-SkipPhoneNumberCheck); null where none is read. Refuses a -DefaultRegion or -RegionProperty that nothing
    /// would use, and a -DefaultRegion that libphonenumber does not know.
    /// </summary>
    public static PhoneIdentities? For(IReadOnlyList<SinchChannel>? channels, string? defaultRegion, bool skipCheck, bool allowFixedLine = false, string? regionProperty = null)
    {
        bool phones = channels?.Any(c => Array.IndexOf(Channels, c) >= 0) == true && !skipCheck;
        foreach (var (given, parameter) in new[] { (defaultRegion, "-DefaultRegion"), (regionProperty, "-RegionProperty") })
        {
            if (given is not null && !phones)
            {
                throw SinchBatchException.InvalidArgument(
                    $"SinchBatch.{parameter.TrimStart('-')}Unused",
                    skipCheck
                        ? $"{parameter} reads national phone numbers, and -SkipPhoneNumberCheck sends identities unread: use one of them."
                        : $"{parameter} reads national phone numbers, but no channel here addresses one ({string.Join(", ", Channels)} do).");
            }
        }

        if (!phones)
        {
            return null;
        }

        bool textOnly = channels!.Any(c => Array.IndexOf(TextChannels, c) >= 0);
        string? region = defaultRegion?.ToUpperInvariant();
        return region is null || IsRegion(region)
            ? new PhoneIdentities(region, textOnly, allowFixedLine)
            : throw SinchBatchException.InvalidArgument(
                "SinchBatch.InvalidRegion",
                $"-DefaultRegion '{defaultRegion}' is not a region whose phone numbers are known: give an ISO 3166-1 alpha-2 code, such as FR, GB or US (press Tab after -DefaultRegion for the list)."
                    + (region == "UK" ? " The United Kingdom's code is GB." : ""));
    }

    /// <summary>A number as its + (when it leads) and digits, separators dropped: "+49 (151) 2345-6789" is "+4915123456789".</summary>
    public static string Digits(string number)
    {
        var digits = new StringBuilder(number.Length);
        foreach (char c in number)
        {
            if (char.IsDigit(c) || (c == '+' && digits.Length == 0))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    /// <summary>Whether libphonenumber knows the region's numbers; the region is written in upper case.</summary>
    public static bool IsRegion(string region) => PhoneNumberReader.Regions.Contains(region);

    public static IEnumerable<string> Regions => PhoneNumberReader.Regions.OrderBy(r => r, StringComparer.Ordinal);

    /// <summary>
    /// The identity in E.164, or a SinchBatchException that names the row, shows the identity masked and says why:
    /// InvalidPhoneNumber, NotMobileNumber, ForeignPhoneNumber, AmbiguousPhoneNumber or UnknownCountry.
    /// </summary>
    /// <param name="country">The row's country column (-RegionProperty) as written; null or empty reads national numbers in the default region.</param>
    public string Read(string value, long rowNumber, string? country = null)
    {
        string? rowRegion = null;
        if (!string.IsNullOrWhiteSpace(country))
        {
            rowRegion = Countries.Find(country!) ?? throw new SinchBatchException(
                "SinchBatch.UnknownCountry",
                SinchErrorCategory.InvalidData,
                $"Row {rowNumber}'s country (the -RegionProperty column) names no country known here. The row was not sent: write its ISO 3166 code (GB or GBR), its English name (United Kingdom) or, in the EU and EEA, its own name (Deutschland).");
        }

        PhoneNumberReading reading = _reader.Read(value, rowRegion);
        if (reading.E164 is { } e164)
        {
            _leadingDigits[((e164[1] - '0') * 100) + ((e164[2] - '0') * 10) + (e164[3] - '0')]++;
            return e164;
        }

        string? readIn = rowRegion ?? _region;
        string region = readIn ?? MostCommonRegion() ?? string.Empty;
        string identity = $"Row {rowNumber}'s identity {IdentityMask.Of(value)}";
        string readAs = $"read as a number of {Country(region)}, {(rowRegion is null ? "the -DefaultRegion" : "the row's country")}";
        string giveCountry = "give each row's country in a column named with -RegionProperty, or write the number with + and its country code";
        (string id, string message) = reading.Problem switch
        {
            PhoneNumberProblem.NotMobile => ("SinchBatch.NotMobileNumber", $"{identity} is a {reading.Kind}, which no SMS reaches. The row was not sent."
                + (reading.Kind == "fixed line" ? " Where Sinch delivers SMS to fixed lines, -AllowFixedLine sends to them." : "")),
            PhoneNumberProblem.Foreign => ("SinchBatch.ForeignPhoneNumber", $"{identity} is no mobile number when {readAs}, but reads as a mobile number of "
                + string.Join(" or ", reading.Others.Select(o => $"{Country(o.Key)} ({IdentityMask.Of(o.Value)})")) + $". The row was not sent, so that no stranger gets the message: {giveCountry}."),
            PhoneNumberProblem.Ambiguous => ("SinchBatch.AmbiguousPhoneNumber", $"{identity} reads two ways: as a number of {Country(region)} that starts with {PhoneNumberReader.CountryCodeOf(region)}, "
                + $"and as the mobile number {IdentityMask.Of(reading.Others[0].Value)} whose + was lost (as Excel drops it). The row was not sent: write it with + or 00 before the country code, or with the national 0."),
            PhoneNumberProblem.NeedsRegion when value.TrimStart().StartsWith("00", StringComparison.Ordinal) => ("SinchBatch.InvalidPhoneNumber",
                $"{identity} starts with 00, an international prefix that depends on the country it is dialled from. The row was not sent: write it with + instead{Example(region, international: true)}, or -DefaultRegion or -RegionProperty would read it as dialled from a country."),
            PhoneNumberProblem.NeedsRegion => ("SinchBatch.InvalidPhoneNumber",
                $"{identity} has no country code. The row was not sent: write it with + and its country code{Example(region, international: true)}, or name its country with -DefaultRegion or a column named with -RegionProperty."),
            PhoneNumberProblem.Invalid => ("SinchBatch.InvalidPhoneNumber",
                $"{identity} is not a valid phone number{(readIn is null ? "" : $" ({readAs}{Example(region, international: false)})")}. The row was not sent. "
                    + "If the number is right and too new for the check, -SkipPhoneNumberCheck sends identities as they are."),
            _ => ("SinchBatch.InvalidPhoneNumber", $"{identity} cannot be read as a phone number. The row was not sent."),
        };
        throw new SinchBatchException(id, SinchErrorCategory.InvalidData, message);
    }

    /// <summary>
    /// Every number an entry of a list never to message (-ExcludeRecipient) may be, in E.164: a fixed line is excluded
    /// too, and digits that read two ways exclude both readings, since excluding too many is the safe side. Throws as
    /// <see cref="Read"/> does for an entry that is no number.
    /// </summary>
    public IEnumerable<string> Readings(string entry)
    {
        PhoneNumberReading reading = _anyNumber.Read(entry);
        if (reading.E164 is { } e164)
        {
            return new[] { e164 };
        }

        return reading.Problem is PhoneNumberProblem.Foreign or PhoneNumberProblem.Ambiguous
            ? reading.Others.Select(o => o.Value).Concat(reading.AsRead is null ? Array.Empty<string>() : new[] { reading.AsRead })
            : new[] { Read(entry, 0) };
    }

    private static string Country(string region) => $"{Countries.NameOf(region)} ({region})";

    /// <summary>", such as +49 1512 3456789": a mobile of the region the row was read in, or of the input's most common country.</summary>
    private static string Example(string region, bool international) =>
        region.Length > 0 && PhoneNumberReader.ExampleMobile(region) is { } example ? $", such as {(international ? example.International : example.National)}" : "";

    /// <summary>The country most numbers read so far belong to; null before any was read.</summary>
    private string? MostCommonRegion()
    {
        int most = Array.IndexOf(_leadingDigits, _leadingDigits.Max());
        if (_leadingDigits[most] == 0)
        {
            return null;
        }

        // Country codes are prefix-free: the first one the leading digits begin with is the country's.
        return new[] { most / 100, most / 10, most }.Select(PhoneNumberReader.RegionOf).FirstOrDefault(r => r is not null);
    }
}
