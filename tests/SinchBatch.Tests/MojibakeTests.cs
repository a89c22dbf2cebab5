using System.Text;
using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>The detector on real text: what mis-decoding it makes is found; the text itself never is.</summary>
public class MojibakeTests
{
    public static readonly TheoryData<string> Texts = new()
    {
        // German
        "Grüße aus München! Die Straße ist schön, Jürgen. Öffnungszeiten für Äpfel: 2,50 €.",
        "„Schöne Grüße“ – bis bald… Ihr Vertrag läuft aus; Gruß, Ihre Bäckerei Müller-Lüdenscheidt",
        "Sehr geehrte Frau Weiß, Ihr Termin am Dienstag um 9:30 Uhr (Praxis Dr. Krämer) ist bestätigt.",
        // French
        "Bonjour Hélène, votre rendez-vous à l’hôpital est confirmé pour Noël.",
        "« Très bien », a dit le garçon — ça coûte 15 € ; l’œuvre est naïve, Ève, où êtes-vous ?",
        "François, Cécile, Jérôme, Benoît, Zoë, Maëlle : à bientôt !",
        // Swedish
        "Hej Åsa! Välkommen till Göteborg. Öppettider: måndag–fredag 08–17.",
        "Björn Ångström, Östersund; Kära Märta, din beställning är skickad – tack för ditt köp!",
        // Polish
        "Dzień dobry, Łukasz! Zażółć gęślą jaźń.",
        "Wiadomość od Małgorzaty Świątek – Kraków, Gdańsk, Łódź, Wrocław, Poznań, Żółkiewski, Ćwikła.",
    };

    /// <summary>Correct text with the letters that are UTF-8 lead bytes in Windows-1252 next to punctuation, and Portuguese names with Ã and ã.</summary>
    public static readonly TheoryData<string> Correct = new()
    {
        "São João, Conceição, Estêvão, Leilão, Antônio, Ângela, Sebastião, mãe, pão, irmã",
        "SÃO JOÃO – BEM-VINDO! LEILÃO… IRMÃ, CORAÇÃO “SÃO PAULO”",
        "Ãngela Gonçalves, Ãlvaro",
        "„Gruß“ – Straße… Fuß—Maß’",
        "PROMO ÉTÉ\u00A0! « CAFÉ\u00A0» ÇA\u00A0? DÉJÀ VU",
        "Ø – Ö“ Ü» Ä: ÅÄÖ, Ø…",
        "Ñandú, ¿Qué tal? ¡Olé! España, Añorve",
        "Iceland: Guðrún, Þórður, með…",
        "Ärger, Übel, Öl; Ça va? Être, Île, Ôter, Ûre",
        "Smörgåsbord® 2×, 3÷, ½°, £5, ©2024, ™",
    };

    static MojibakeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string ReadAs(string text, int codePage) => Encoding.GetEncoding(codePage).GetString(Encoding.UTF8.GetBytes(text));

    [Theory]
    [MemberData(nameof(Texts))]
    [MemberData(nameof(Correct))]
    public void Correct_text_is_not_found(string text) => Assert.Equal(-1, Mojibake.IndexIn(text));

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_word_with_a_letter_outside_ASCII_read_as_Windows_1252_or_Latin_1_is_found(string text)
    {
        foreach (string word in text.Split(' ', ',', '.', '!', ';', ':').Where(w => w.Any(c => c > 0x7F)))
        {
            Assert.True(Mojibake.In(ReadAs(word, 1252)), $"1252: {word} read as {ReadAs(word, 1252)}");
            Assert.True(Mojibake.In(ReadAs(word, 28591)), $"Latin-1: {word} read as {ReadAs(word, 28591)}");
        }
    }

    [Theory]
    [InlineData("GÃ¼nther", 1)]
    [InlineData("Hallo GÃ¼nther", 7)]
    [InlineData("StraÃŸe", 4)]
    [InlineData("â€™", 0)]
    [InlineData("bis â€“ bald", 4)]
    [InlineData("Ã©tÃ©", 0)]
    [InlineData("Ã¥", 0)]
    [InlineData("Å‚", 0)]
    [InlineData("ï»¿Name", 0)]
    [InlineData("Hi ðŸ˜€", 3)]
    [InlineData("Ã\u00A0 bientôt", 0)]
    public void The_marks_are_found_where_they_start(string text, int at) => Assert.Equal(at, Mojibake.IndexIn(text));

    [Theory]
    [InlineData("")]
    [InlineData("Ã")]
    [InlineData("GÃ")]
    [InlineData("â€")]
    [InlineData("ðŸ˜")]
    public void A_sequence_cut_short_is_not_found(string text) => Assert.False(Mojibake.In(text));
}
