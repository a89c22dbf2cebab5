using System;
using System.Collections.Generic;
using System.Linq;
using PhoneNumbers;

namespace SinchBatch.PhoneNumbers;

/// <summary>
/// Reads phone numbers as people type them into a CSV, with libphonenumber, and writes them in E.164.
/// A number is never guessed: one that reads two ways, or that reads as a stranger's mobile in another
/// country, is refused with both readings; for SMS, a number no text message can reach is refused too.
/// </summary>
public sealed class PhoneNumberReader
{
    private const string UnknownRegion = "ZZ";

    /// <summary>
    /// The countries whose mobiles a national number is tried as when it is no mobile in the default region:
    /// the EU/EEA, GB, CH, US, CA, AU and TR. A fixed list, so the answer never depends on the rows read before.
    /// </summary>
    private static readonly string[] NeighbourRegions =
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "CH", "US", "CA", "AU", "TR",
    };

    // Loading the metadata takes a while: only a command that reads phone numbers pays for it.
    private static readonly Lazy<PhoneNumberUtil> Util = new(PhoneNumberUtil.GetInstance);

    private readonly string? _defaultRegion;
    private readonly bool _smsOnly;
    private readonly bool _allowFixedLine;

    /// <param name="defaultRegion">ISO 3166-1 alpha-2 code that national numbers belong to when a row names no country; null for none.</param>
    /// <param name="smsOnly">Whether a text message must reach the number (SMS, MMS): fixed lines, toll-free numbers and the like are refused.</param>
    /// <param name="allowFixedLine">Lets fixed lines through where <paramref name="smsOnly"/>, for countries where SMS reaches them.</param>
    public PhoneNumberReader(string? defaultRegion, bool smsOnly, bool allowFixedLine)
    {
        _defaultRegion = defaultRegion;
        _smsOnly = smsOnly;
        _allowFixedLine = allowFixedLine;
    }

    /// <summary>The regions libphonenumber knows numbers of (ISO 3166-1 alpha-2, upper case).</summary>
    public static IEnumerable<string> Regions => Util.Value.GetSupportedRegions();

    /// <summary>The country calling code of a region (49 for DE); 0 for one libphonenumber does not know.</summary>
    public static int CountryCodeOf(string region) => Util.Value.GetCountryCodeForRegion(region);

    /// <summary>The main region of a country calling code (DE for 49, US for 1); null for none.</summary>
    public static string? RegionOf(int countryCode) => Util.Value.GetRegionCodeForCountryCode(countryCode) is var region && region != UnknownRegion ? region : null;

    /// <summary>A mobile number of the region, as its people write it and in international form ("01512 3456789", "+49 1512 3456789").</summary>
    public static (string National, string International)? ExampleMobile(string region) =>
        Util.Value.GetExampleNumberForType(region, PhoneNumberType.MOBILE) is { } example
            ? (Util.Value.Format(example, PhoneNumberFormat.NATIONAL), Util.Value.Format(example, PhoneNumberFormat.INTERNATIONAL))
            : null;

    /// <summary>Reads a typed number, national ones in <paramref name="rowRegion"/> (the row's own country) or else in the default region.</summary>
    /// <param name="value">As typed: +49 151 23456789, 0151 23456789, 0049 151..., (0151) 234-567-89.</param>
    /// <param name="rowRegion">The row's own country (ISO 3166-1 alpha-2); null for the default region.</param>
    public PhoneNumberReading Read(string value, string? rowRegion = null)
    {
        if (TryFromE164(value, out PhoneNumberType type))
        {
            return Checked(value, type);
        }

        // libphonenumber reads letters as a keypad would (1-800-FLOWERS); in a CSV they are a typing error.
        if (value.Any(char.IsLetter))
        {
            return new PhoneNumberReading(null, PhoneNumberProblem.NotANumber);
        }

        string? region = rowRegion ?? _defaultRegion;
        PhoneNumber number;
        try
        {
            number = Util.Value.ParseAndKeepRawInput(value, region ?? UnknownRegion);
        }
        catch (NumberParseException ex)
        {
            // No country code where one was needed, or one that no country has (+999).
            return new PhoneNumberReading(
                null,
                ex.ErrorType != ErrorType.INVALID_COUNTRY_CODE ? PhoneNumberProblem.NotANumber
                : region is null && !value.TrimStart().StartsWith("+", StringComparison.Ordinal) ? PhoneNumberProblem.NeedsRegion
                : PhoneNumberProblem.Invalid);
        }

        if (number.HasExtension)
        {
            return new PhoneNumberReading(null, PhoneNumberProblem.NotANumber);
        }

        type = Util.Value.GetNumberType(number);
        string e164 = Util.Value.Format(number, PhoneNumberFormat.E164);
        if (number.CountryCodeSource == PhoneNumber.Types.CountryCodeSource.FROM_DEFAULT_COUNTRY && region is not null)
        {
            // Excel drops a leading +: 4915123456780 read in DE is a German number that starts 49, or a German mobile without its +.
            if (LostPlus(value, region) is { } international && international != e164)
            {
                return new PhoneNumberReading(null, PhoneNumberProblem.Ambiguous, others: new[] { new KeyValuePair<string, string>(region, international) }, asRead: e164);
            }

            // 07911 123456 read in DE is a German fixed line, and a UK mobile: a CSV from abroad, and a stranger's phone.
            if (rowRegion is null && !IsMobile(type) && ForeignMobiles(value, region) is { Count: > 0 } foreign)
            {
                return new PhoneNumberReading(null, PhoneNumberProblem.Foreign, others: foreign, asRead: type == PhoneNumberType.UNKNOWN ? null : e164);
            }
        }

        return Checked(e164, type);
    }

    private static bool IsMobile(PhoneNumberType type) => type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;

    /// <summary>The digits read as an international mobile, when they start with the region's country code; else null.</summary>
    private static string? LostPlus(string value, string region)
    {
        string digits = PhoneNumberUtil.NormalizeDigitsOnly(value);
        if (!digits.StartsWith(CountryCodeOf(region).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            PhoneNumber number = Util.Value.Parse("+" + digits, UnknownRegion);
            return IsMobile(Util.Value.GetNumberType(number)) ? Util.Value.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The neighbour countries the national number is a mobile of, with each reading; empty for none.</summary>
    private static List<KeyValuePair<string, string>> ForeignMobiles(string value, string region)
    {
        var mobiles = new List<KeyValuePair<string, string>>();
        foreach (string other in NeighbourRegions)
        {
            if (other == region)
            {
                continue;
            }

            try
            {
                // Countries that share a calling code share a plan: a Guernsey mobile read in GB is named as GB's.
                PhoneNumber number = Util.Value.ParseAndKeepRawInput(value, other);
                string? owner = Util.Value.GetRegionCodeForNumber(number);
                if (number.CountryCodeSource == PhoneNumber.Types.CountryCodeSource.FROM_DEFAULT_COUNTRY
                    && IsMobile(Util.Value.GetNumberType(number))
                    && (owner == other || Array.IndexOf(NeighbourRegions, owner) < 0))
                {
                    mobiles.Add(new KeyValuePair<string, string>(other, Util.Value.Format(number, PhoneNumberFormat.E164)));
                }
            }
            catch (NumberParseException)
            {
            }
        }

        return mobiles;
    }

    /// <summary>
    /// A valid number passes, but for SMS and MMS only where a text can arrive. VOIP and personal numbers
    /// pass: many take texts, and libphonenumber cannot tell which. UNKNOWN is libphonenumber's word for invalid.
    /// </summary>
    private PhoneNumberReading Checked(string e164, PhoneNumberType type)
    {
        string? kind = type switch
        {
            PhoneNumberType.UNKNOWN => null,
            PhoneNumberType.FIXED_LINE when !_allowFixedLine => "fixed line",
            PhoneNumberType.TOLL_FREE => "toll-free number",
            PhoneNumberType.PREMIUM_RATE => "premium-rate number",
            PhoneNumberType.SHARED_COST => "shared-cost number",
            PhoneNumberType.UAN => "company number (UAN)",
            PhoneNumberType.VOICEMAIL => "voicemail number",
            PhoneNumberType.PAGER => "pager number",
            _ => string.Empty,
        };
        return kind switch
        {
            null => new PhoneNumberReading(null, PhoneNumberProblem.Invalid),
            { Length: > 0 } when _smsOnly => new PhoneNumberReading(null, PhoneNumberProblem.NotMobile, kind),
            _ => new PhoneNumberReading(e164, PhoneNumberProblem.None),
        };
    }

    /// <summary>
    /// Most columns already hold E.164: parsing them would cost as much as checking them, so the country
    /// code is split off directly (country codes are prefix-free) and only the number's type is libphonenumber's.
    /// False for anything else, which is parsed.
    /// </summary>
    private static bool TryFromE164(string value, out PhoneNumberType type)
    {
        type = PhoneNumberType.UNKNOWN;
        if (value.Length < 9 || value.Length > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        for (int i = 1; i < value.Length; i++)
        {
            if (value[i] < '0' || value[i] > '9')
            {
                return false;
            }
        }

        // The digits were checked above, so they add up without parsing (or allocating) a substring per try.
        PhoneNumberUtil util = Util.Value;
        int countryCode = 0;
        for (int length = 1; length <= 3; length++)
        {
            countryCode = countryCode * 10 + (value[length] - '0');
            if (util.GetRegionCodeForCountryCode(countryCode) == UnknownRegion)
            {
                continue;
            }

            // A national number with leading zeros (Italy's) needs the parser's care.
            if (value[1 + length] == '0')
            {
                return false;
            }

            ulong national = 0;
            for (int i = 1 + length; i < value.Length; i++)
            {
                national = national * 10 + (ulong)(value[i] - '0');
            }

            var number = new PhoneNumber.Builder()
                .SetCountryCode(countryCode)
                .SetNationalNumber(national)
                .Build();
            type = util.GetNumberType(number);
            return true;
        }

        return true;
    }
}
