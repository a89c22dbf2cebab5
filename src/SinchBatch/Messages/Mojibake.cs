using System.Runtime.CompilerServices;

namespace SinchBatch.Messages;

/// <summary>
/// Finds the marks of UTF-8 read as Windows-1252 or Latin-1 ("Ã¼" for "ü", "â€“" for "–"): a char whose code page
/// byte is a UTF-8 lead byte, followed by chars whose bytes are continuation bytes, together a valid UTF-8 sequence for
/// a character that such text holds. It goes by the bytes' structure, not by a list of words: correct text in any
/// Latin-script language almost never has a letter such as "Ã" or "ä" followed by the symbols a continuation byte reads as.
/// </summary>
internal static class Mojibake
{
    /// <summary>Text read in the wrong encoding: these marks, or U+FFFD (RecipientMapper).</summary>
    public const string UnreadableTextId = "SinchBatch.UnreadableText";

    /// <summary>The index of the first mark of UTF-8 read as a single-byte code page, or -1 when there is none.</summary>
    [MethodImpl(HotPath.Optimize)]
    public static int IndexIn(string text)
    {
        // Stops before the last char: a lead byte at the end has nothing after it.
        for (int i = 0; i < text.Length - 1; i++)
        {
            char c = text[i];
            if (c < '\u00C2' || c > '\u00F4')
            {
                continue;
            }

            if (IsSequence(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether text holds UTF-8 read as a single-byte code page.</summary>
    public static bool In(string text) => IndexIn(text) >= 0;

    /// <summary>
    /// Refuses a message whose own text holds the marks: Windows PowerShell reads a script saved as UTF-8 without a byte
    /// order mark as ANSI, so a -Text written in it arrives as "GrÃ¼ÃŸe".
    /// </summary>
    public static void CheckMessage(AppMessage message, string parameter)
    {
        foreach (string text in PlaceholderScanner.Strings(message.Json))
        {
            if (In(text))
            {
                throw new SinchBatchException(
                    UnreadableTextId,
                    SinchErrorCategory.InvalidArgument,
                    $"{parameter} holds the marks of UTF-8 text read as a single-byte code page (such as 'Ã¼' for 'ü' or 'â€“' for '–'). Nothing was sent. "
                        + "Windows PowerShell reads a script saved as UTF-8 without a byte order mark as ANSI: save it as UTF-8 with BOM, "
                        + "or read the text from a file with Get-Content -Encoding utf8. If the text is right as it is, -SkipTextCheck sends it.");
            }
        }
    }

    /// <summary>Whether the lead byte at <paramref name="at"/> and the chars after it read as one UTF-8 character that mis-decoded text holds.</summary>
    private static bool IsSequence(string text, int at)
    {
        int lead = text[at];
        int following = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        if (at + following >= text.Length)
        {
            return false;
        }

        int codePoint = lead & (following == 1 ? 0x1F : following == 2 ? 0x0F : 0x07);
        for (int k = 1; k <= following; k++)
        {
            int next = ContinuationByte(text[at + k]);
            if (next < 0)
            {
                return false;
            }

            codePoint = (codePoint << 6) | (next & 0x3F);
        }

        return following switch
        {
            // Latin (Latin-1 to Latin Extended-B), Greek and Cyrillic: what European text holds. It leaves out what a
            // letter before a quote, dash or no-break space reads as in correct text: "ß“" (NKo), "É " (IPA), "Ø–" (Hebrew).
            1 => codePoint is <= 0x024F or (>= 0x0370 and <= 0x04FF),

            // Punctuation, currency, letterlike and other symbols ("â€“", "â‚¬", "â„¢"), and the byte order mark ("ï»¿").
            2 => codePoint is >= 0x2000 and <= 0x2BFF or 0xFEFF,

            // Emoji and the other characters outside the Basic Multilingual Plane ("ðŸ˜€"), as UTF-8 has them.
            _ => codePoint is >= 0x10000 and <= 0x10FFFF,
        };
    }

    /// <summary>The byte a char stands for in Windows-1252 (or Latin-1) when that byte is a UTF-8 continuation byte (0x80-0xBF); else -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ContinuationByte(char c)
    {
        if (c is >= '\u0080' and <= '\u00BF')
        {
            // Latin-1 and Windows-1252 agree from 0xA0; 0x80-0x9F read as Latin-1 (or 1252's five unassigned bytes) keep their value.
            return c;
        }

        return c switch
        {
            '\u20AC' => 0x80, // €
            '\u201A' => 0x82, // ‚
            '\u0192' => 0x83, // ƒ
            '\u201E' => 0x84, // „
            '\u2026' => 0x85, // …
            '\u2020' => 0x86, // †
            '\u2021' => 0x87, // ‡
            '\u02C6' => 0x88, // ˆ
            '\u2030' => 0x89, // ‰
            '\u0160' => 0x8A, // Š
            '\u2039' => 0x8B, // ‹
            '\u0152' => 0x8C, // Œ
            '\u017D' => 0x8E, // Ž
            '\u2018' => 0x91, // ‘
            '\u2019' => 0x92, // ’
            '\u201C' => 0x93, // “
            '\u201D' => 0x94, // ”
            '\u2022' => 0x95, // •
            '\u2013' => 0x96, // –
            '\u2014' => 0x97, // —
            '\u02DC' => 0x98, // ˜
            '\u2122' => 0x99, // ™
            '\u0161' => 0x9A, // š
            '\u203A' => 0x9B, // ›
            '\u0153' => 0x9C, // œ
            '\u017E' => 0x9E, // ž
            '\u0178' => 0x9F, // Ÿ
            _ => -1,
        };
    }
}
