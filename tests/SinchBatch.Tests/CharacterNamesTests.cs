using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

public class CharacterNamesTests
{
    [Theory]
    [InlineData("a – b", 2, "'–' (U+2013 EN DASH)")]
    [InlineData("ł", 0, "'ł' (U+0142 LATIN SMALL LETTER L WITH STROKE)")]
    [InlineData("it’s", 2, "'’' (U+2019 RIGHT SINGLE QUOTATION MARK)")]
    [InlineData("…", 0, "'…' (U+2026 HORIZONTAL ELLIPSIS)")]
    [InlineData("\u00A0", 0, "'\u00A0' (U+00A0 NO-BREAK SPACE)")]
    [InlineData("ç", 0, "'ç' (U+00E7 LATIN SMALL LETTER C WITH CEDILLA)")]
    [InlineData("ș", 0, "'ș' (U+0219 LATIN SMALL LETTER S WITH COMMA BELOW)")]
    [InlineData("ж", 0, "'ж' (U+0436)")]
    [InlineData("Hi \U0001F600", 3, "'\U0001F600' (U+1F600)")]
    public void A_character_is_named_by_its_code_point_and_where_known_its_name(string text, int index, string described) =>
        Assert.Equal(described, CharacterNames.Describe(text, index));

    [Fact]
    public void Every_named_character_makes_an_SMS_UCS_2()
    {
        // A named GSM character would never be the reason: the table holds only what GSM 03.38 lacks.
        for (char c = '\0'; c < char.MaxValue; c++)
        {
            string described = CharacterNames.Describe(c.ToString(), 0);
            if (described.Length > $"'{c}' (U+XXXX)".Length)
            {
                Assert.Equal(SmsEncoding.Ucs2, SmsParts.Count(c.ToString()).Encoding);
            }
        }
    }

    [Fact]
    public void The_first_character_GSM_7_lacks_is_found() =>
        Assert.Equal((-1, 7), (SmsParts.FirstUcs2("Hej Åsa, 10 € {ok}"), SmsParts.FirstUcs2("Hallo, – ł")));
}
