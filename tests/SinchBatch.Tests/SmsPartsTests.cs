using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

public class SmsPartsTests
{
    private const string Emoji = "\U0001F600"; // 😀, outside the BMP: a surrogate pair.

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    private static void AssertCount(SmsEncoding encoding, int units, int parts, SmsCount count)
    {
        Assert.Equal(encoding, count.Encoding);
        Assert.Equal(units, count.Units);
        Assert.Equal(parts, count.Parts);
    }

    [Fact]
    public void A_160_character_GSM_text_is_one_part() =>
        AssertCount(SmsEncoding.Gsm7, 160, 1, SmsParts.Count(new string('a', 160)));

    [Fact]
    public void A_161_character_GSM_text_is_two_parts() =>
        AssertCount(SmsEncoding.Gsm7, 161, 2, SmsParts.Count(new string('a', 161)));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void A_GSM_text_over_160_septets_is_billed_in_parts_of_153(int length, int parts) =>
        AssertCount(SmsEncoding.Gsm7, length, parts, SmsParts.Count(new string('a', length)));

    [Fact]
    public void An_empty_text_is_one_GSM_part() =>
        AssertCount(SmsEncoding.Gsm7, 0, 1, SmsParts.Count(""));

    [Fact]
    public void The_euro_sign_counts_two_septets()
    {
        AssertCount(SmsEncoding.Gsm7, 2, 1, SmsParts.Count("€"));
        AssertCount(SmsEncoding.Gsm7, 160, 1, SmsParts.Count(new string('€', 80)));
        AssertCount(SmsEncoding.Gsm7, 162, 2, SmsParts.Count(new string('€', 81)));
    }

    [Theory]
    [InlineData('\f')]
    [InlineData('^')]
    [InlineData('{')]
    [InlineData('}')]
    [InlineData('\\')]
    [InlineData('[')]
    [InlineData('~')]
    [InlineData(']')]
    [InlineData('|')]
    [InlineData('€')]
    public void Every_extension_table_character_counts_two_septets(char c) =>
        AssertCount(SmsEncoding.Gsm7, 2, 1, SmsParts.Count(c.ToString()));

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void A_character_outside_GSM_makes_a_UCS2_text_billed_in_parts_of_67(int length, int parts) =>
        AssertCount(SmsEncoding.Ucs2, length, parts, SmsParts.Count(new string('ł', length)));

    [Fact]
    public void One_non_GSM_character_makes_the_whole_text_UCS2() =>
        AssertCount(SmsEncoding.Ucs2, 100, 2, SmsParts.Count(new string('a', 99) + "ł"));

    [Fact]
    public void An_emoji_counts_two_UTF16_units()
    {
        AssertCount(SmsEncoding.Ucs2, 2, 1, SmsParts.Count(Emoji));
        AssertCount(SmsEncoding.Ucs2, 5, 1, SmsParts.Count("Hi " + Emoji));
        AssertCount(SmsEncoding.Ucs2, 70, 1, SmsParts.Count(Repeat(Emoji, 35)));
        AssertCount(SmsEncoding.Ucs2, 72, 2, SmsParts.Count(Repeat(Emoji, 36)));
    }

    [Theory]
    [InlineData('é')]
    [InlineData('è')]
    [InlineData('Ä')]
    [InlineData('ä')]
    [InlineData('Ç')]
    [InlineData('ß')]
    [InlineData('Ñ')]
    [InlineData('à')]
    [InlineData('£')]
    [InlineData('¥')]
    [InlineData('¤')]
    [InlineData('§')]
    [InlineData('¡')]
    [InlineData('¿')]
    [InlineData('Δ')]
    [InlineData('Ω')]
    [InlineData('_')]
    [InlineData('@')]
    [InlineData('\n')]
    [InlineData('\r')]
    public void Basic_table_characters_count_one_septet(char c) =>
        AssertCount(SmsEncoding.Gsm7, 1, 1, SmsParts.Count(c.ToString()));

    [Theory]
    [InlineData('ç')] // Only the capital Ç is in the basic table.
    [InlineData('á')]
    [InlineData('ê')]
    [InlineData('Ë')]
    [InlineData('À')]
    [InlineData('ł')]
    [InlineData('δ')] // Greek capitals only.
    [InlineData('Α')] // Greek capital alpha: GSM has no glyph for it (it reads as Latin A).
    [InlineData('`')]
    [InlineData('\t')]
    [InlineData('\u001B')] // ESC is the escape code, not a character a text may hold.
    [InlineData('\u2019')] // The typographic apostrophe word processors put in.
    [InlineData('\u00A0')]
    public void Characters_outside_both_tables_make_the_text_UCS2(char c) =>
        AssertCount(SmsEncoding.Ucs2, 1, 1, SmsParts.Count(c.ToString()));

    [Fact]
    public void The_tables_hold_127_one_septet_and_10_two_septet_characters()
    {
        int one = 0, two = 0;
        for (int c = 0; c <= char.MaxValue; c++)
        {
            SmsCount count = SmsParts.Count(((char)c).ToString());
            if (count.Encoding == SmsEncoding.Gsm7)
            {
                Assert.InRange(count.Units, 1, 2);
                if (count.Units == 1)
                {
                    one++;
                }
                else
                {
                    two++;
                }
            }
            else
            {
                Assert.Equal(1, count.Units);
            }
        }

        Assert.Equal(127, one);
        Assert.Equal(10, two);
    }

    [Theory]
    [InlineData(0x00, '@')]
    [InlineData(0x09, 'Ç')]
    [InlineData(0x0A, '\n')]
    [InlineData(0x0D, '\r')]
    [InlineData(0x10, 'Δ')]
    [InlineData(0x1A, 'Ξ')]
    [InlineData(0x1B, '\u001B')]
    [InlineData(0x1F, 'É')]
    [InlineData(0x24, '¤')]
    [InlineData(0x40, '¡')]
    [InlineData(0x5B, 'Ä')]
    [InlineData(0x5F, '§')]
    [InlineData(0x60, '¿')]
    [InlineData(0x7F, 'à')]
    public void The_basic_table_is_in_GSM_code_order(int code, char c)
    {
        Assert.Equal(128, SmsParts.Basic.Length);
        Assert.Equal(c, SmsParts.Basic[code]);
    }

    [Fact]
    public void An_escape_pair_that_would_straddle_two_parts_moves_to_the_next()
    {
        // Part 1 keeps 152 septets: the euro's 2 would make 154.
        AssertCount(SmsEncoding.Gsm7, 164, 2, SmsParts.Count(new string('a', 152) + "€" + new string('a', 10)));

        // 306 septets would fit two parts of 153, but part 1 ends one short, so the last 'a' spills into a third.
        AssertCount(SmsEncoding.Gsm7, 306, 3, SmsParts.Count(new string('a', 152) + "€" + new string('a', 152)));
        AssertCount(SmsEncoding.Gsm7, 305, 2, SmsParts.Count(new string('a', 152) + "€" + new string('a', 151)));
    }

    [Fact]
    public void An_escape_pair_that_fits_exactly_stays_in_its_part() =>
        AssertCount(SmsEncoding.Gsm7, 306, 2, SmsParts.Count(new string('a', 151) + "€" + new string('a', 153)));

    [Fact]
    public void Euro_signs_alone_fill_76_to_a_part()
    {
        // 153 is odd, so a part of euros carries 76 of them (152 septets): 152 euros take two parts, 153 take three.
        AssertCount(SmsEncoding.Gsm7, 306, 3, SmsParts.Count(new string('€', 153)));
        AssertCount(SmsEncoding.Gsm7, 304, 2, SmsParts.Count(new string('€', 152)));
    }

    [Fact]
    public void A_surrogate_pair_at_the_67_unit_boundary_moves_to_the_next_part()
    {
        // 134 units would fit two parts of 67, but the emoji cannot start at unit 67, so part 1 ends at 66.
        AssertCount(SmsEncoding.Ucs2, 134, 3, SmsParts.Count(new string('ł', 66) + Emoji + new string('ł', 66)));
        AssertCount(SmsEncoding.Ucs2, 134, 2, SmsParts.Count(new string('ł', 65) + Emoji + new string('ł', 67)));
        AssertCount(SmsEncoding.Ucs2, 134, 3, SmsParts.Count(Repeat(Emoji, 67)));
    }

    [Fact]
    public void A_lone_surrogate_counts_one_unit() =>
        AssertCount(SmsEncoding.Ucs2, 134, 2, SmsParts.Count(new string('ł', 66) + "\uD83D" + new string('ł', 67)));

    [Fact]
    public void A_null_text_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => SmsParts.Count(null!));

    [Theory]
    [InlineData("Hi ${name}", "Gsm7", 12, 1)] // Braces are extension characters.
    [InlineData("Hi Ann", "Gsm7", 6, 1)]
    [InlineData("Hello World!", "Gsm7", 12, 1)]
    [InlineData("Your code is 123456", "Gsm7", 19, 1)]
    [InlineData("Total: 5€", "Gsm7", 10, 1)]
    [InlineData("Grüße aus Köln", "Gsm7", 14, 1)]
    [InlineData("Ça va? Très bien.", "Gsm7", 17, 1)]
    [InlineData("ça va?", "Ucs2", 6, 1)]
    [InlineData("Line 1\r\nLine 2", "Gsm7", 14, 1)]
    [InlineData("Don\u2019t forget", "Ucs2", 12, 1)]
    [InlineData("Привет", "Ucs2", 6, 1)]
    [InlineData("你好", "Ucs2", 2, 1)]
    [InlineData("[1|2]~^\\", "Gsm7", 14, 1)]
    public void Known_texts_count_as_published(string text, string encoding, int units, int parts) =>
        AssertCount(Enum.Parse<SmsEncoding>(encoding), units, parts, SmsParts.Count(text));
}
