namespace SinchBatch.PhoneNumbers;

/// <summary>Why a value is not a phone number that can be sent to.</summary>
public enum PhoneNumberProblem
{
    None,

    /// <summary>Not a phone number at all: letters, an extension, too short or too long to read.</summary>
    NotANumber,

    /// <summary>Written without a country code, and no region was given to read it in.</summary>
    NeedsRegion,

    /// <summary>Reads as a number, but no such number can exist (a wrong length, an unused range).</summary>
    Invalid,

    /// <summary>A valid number of a kind SMS cannot reach: a fixed line, toll-free, premium rate and the like.</summary>
    NotMobile,

    /// <summary>A national number that is no mobile in the default region, but a mobile in another country.</summary>
    Foreign,

    /// <summary>Digits that read as the region's national number, and also as an international mobile whose + was lost.</summary>
    Ambiguous,
}
