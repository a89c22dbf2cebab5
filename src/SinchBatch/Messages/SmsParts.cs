using System;
using System.Runtime.CompilerServices;

namespace SinchBatch.Messages;

/// <summary>Tells how many SMS parts a rendered text is billed as, the way a carrier splits it.</summary>
internal static class SmsParts
{
    public const int Gsm7Single = 160;
    public const int Gsm7Part = 153; // 160 less the 7 septets the concatenation header (UDH) takes.
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67; // 70 less the 3 code units the concatenation header (UDH) takes.

    // GSM 03.38 / 3GPP TS 23.038 default alphabet, in code order 0x00-0x7F; 0x1B (ESC) is a placeholder, not a character.
    public const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001BÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // GSM 03.38 / 3GPP TS 23.038 extension table: each is sent as ESC plus a septet, so it costs 2.
    public const string Extension = "\f^{}\\[~]|€";

    // Septets per char, indexed by the char itself up to '€' (U+20AC, the highest in both tables); 0 = not GSM.
    private static readonly byte[] Septets = BuildSeptets();

    public static SmsCount Count(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        int septets = 0;
        foreach (char c in text)
        {
            int cost = SeptetsOf(c);
            if (cost == 0)
            {
                return CountUcs2(text);
            }

            septets += cost;
        }

        return new SmsCount(SmsEncoding.Gsm7, septets, septets <= Gsm7Single ? 1 : Gsm7Parts(text));
    }

    /// <summary>The index of the first char GSM-7 cannot carry, which makes the text UCS-2; -1 when there is none.</summary>
    public static int FirstUcs2(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (SeptetsOf(text[i]) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SeptetsOf(char c) => c < Septets.Length ? Septets[c] : 0;

    /// <summary>Fills 153-septet parts; an ESC pair that does not fit starts the next part, as handsets never split it.</summary>
    private static int Gsm7Parts(string text)
    {
        int parts = 1;
        int used = 0;
        foreach (char c in text)
        {
            int cost = SeptetsOf(c);
            if (used + cost > Gsm7Part)
            {
                parts++;
                used = 0;
            }

            used += cost;
        }

        return parts;
    }

    private static SmsCount CountUcs2(string text)
    {
        int units = text.Length;
        if (units <= Ucs2Single)
        {
            return new SmsCount(SmsEncoding.Ucs2, units, 1);
        }

        // Fills 67-unit parts; a surrogate pair that does not fit starts the next part, as splitting it would garble both halves.
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int cost = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + cost > Ucs2Part)
            {
                parts++;
                used = 0;
            }

            used += cost;
            i += cost - 1;
        }

        return new SmsCount(SmsEncoding.Ucs2, units, parts);
    }

    private static byte[] BuildSeptets()
    {
        int highest = 0;
        foreach (char c in Basic + Extension)
        {
            highest = Math.Max(highest, c);
        }

        var septets = new byte[highest + 1];
        foreach (char c in Basic)
        {
            septets[c] = 1;
        }

        septets['\u001B'] = 0; // ESC stands in the table only to keep the code order; text holding it is not GSM.
        foreach (char c in Extension)
        {
            septets[c] = 2;
        }

        return septets;
    }
}
