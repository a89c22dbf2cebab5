using System;
using System.Collections.Generic;
using PhoneNumbers;

namespace SinchBatch.PhoneNumbers;

/// <summary>Why a value is not a phone number that can be sent to.</summary>
public enum PhoneNumberProblem
{
    None,

    /// <summary>Not a phone number at all: letters, an extension, too short or too long to read.</summary>
    NotANumber,

    /// <summary>Written without a country code, and no default region was given to read it in.</summary>
    NeedsRegion,

    /// <summary>Reads as a number, but no such number can exist (a wrong length, an unused range).</summary>
    Invalid,
}

/// <summary>Reads phone numbers as people type them into a CSV, with libphonenumber, and writes them in E.164.</summary>
public static class PhoneNumberReader
{
    // Loading the metadata takes a while: only a command that reads phone numbers pays for it.
    private const string UnknownRegion = "ZZ";

    private static readonly Lazy<PhoneNumberUtil> Util = new(PhoneNumberUtil.GetInstance);

    /// <summary>The number in E.164 (+46701234567), or null and why not.</summary>
    /// <param name="value">As typed: +46 70 123 45 67, 070-123 45 67, 0046 70..., (070) 123-45-67.</param>
    /// <param name="region">ISO 3166-1 alpha-2 code that numbers without a country code belong to; null for none.</param>
    public static string? ToE164(string value, string? region, out PhoneNumberProblem problem)
    {
        if (TryFromE164(value, out string? e164, out problem))
        {
            return e164;
        }

        problem = PhoneNumberProblem.NotANumber;

        // libphonenumber reads letters as a keypad would (1-800-FLOWERS); in a CSV they are a typing error.
        foreach (char c in value)
        {
            if (char.IsLetter(c))
            {
                return null;
            }
        }

        PhoneNumber number;
        try
        {
            number = Util.Value.Parse(value, region ?? UnknownRegion);
        }
        catch (NumberParseException ex)
        {
            if (ex.ErrorType == ErrorType.INVALID_COUNTRY_CODE)
            {
                // No country code where one was needed, or one that no country has (+999).
                problem = region is null && !value.TrimStart().StartsWith("+", StringComparison.Ordinal) ? PhoneNumberProblem.NeedsRegion : PhoneNumberProblem.Invalid;
            }

            return null;
        }

        if (number.HasExtension)
        {
            return null;
        }

        if (!Util.Value.IsValidNumber(number))
        {
            problem = PhoneNumberProblem.Invalid;
            return null;
        }

        problem = PhoneNumberProblem.None;
        return Util.Value.Format(number, PhoneNumberFormat.E164);
    }

    /// <summary>
    /// Most columns already hold E.164: parsing them would cost as much as checking them, so the country
    /// code is split off directly (country codes are prefix-free) and only the check is libphonenumber's.
    /// False for anything else, which is parsed.
    /// </summary>
    private static bool TryFromE164(string value, out string? e164, out PhoneNumberProblem problem)
    {
        e164 = null;
        problem = PhoneNumberProblem.Invalid;
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
            if (util.IsValidNumber(number))
            {
                e164 = value;
                problem = PhoneNumberProblem.None;
            }

            return true;
        }

        return true;
    }

    /// <summary>The regions libphonenumber knows numbers of (ISO 3166-1 alpha-2, upper case).</summary>
    public static IEnumerable<string> Regions => Util.Value.GetSupportedRegions();
}
