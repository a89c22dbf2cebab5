using System;
using System.Collections.Generic;

namespace SinchBatch.PhoneNumbers;

/// <summary>What a typed phone number reads as: its E.164 form, or the problem and what else it could be.</summary>
public readonly struct PhoneNumberReading
{
    public PhoneNumberReading(string? e164, PhoneNumberProblem problem, string? kind = null, IReadOnlyList<KeyValuePair<string, string>>? others = null, string? asRead = null)
    {
        AsRead = asRead;
        E164 = e164;
        Problem = problem;
        Kind = kind;
        Others = others ?? Array.Empty<KeyValuePair<string, string>>();
    }

    /// <summary>The number in E.164 (+4915123456789); null unless Problem is None.</summary>
    public string? E164 { get; }

    public PhoneNumberProblem Problem { get; }

    /// <summary>For NotMobile, the kind of number it is, in words ("fixed line", "toll-free").</summary>
    public string? Kind { get; }

    /// <summary>
    /// For Foreign, each country the number is a mobile of (ISO 3166-1 alpha-2) with that reading in E.164;
    /// for Ambiguous, the one international reading.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Others { get; }

    /// <summary>For Foreign and Ambiguous, the number as read in the region (E.164): a number too, if not the one meant.</summary>
    public string? AsRead { get; }
}
