using System.Globalization;
using System.Text;

namespace Parley.Rules;

/// <summary>Which characters count as visible, and which bidirectional controls are refused (API.md §2).</summary>
internal static class Characters
{
    // Default_Ignorable_Code_Point from Unicode's DerivedCoreProperties.txt: characters a renderer
    // shows as nothing when it has no glyph for them. Sorted, inclusive ranges.
    private static readonly (int First, int Last)[] DefaultIgnorable =
    [
        (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
        (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
        (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    ];

    // U+2800 BRAILLE PATTERN BLANK is a symbol, not default-ignorable, yet it draws nothing and is
    // the usual way to post a "blank" message where spaces are refused; Parley counts it as blank.
    private const int BrailleBlank = 0x2800;

    /// <summary>
    /// U+202A–U+202E (LRE, RLE, PDF, LRO, RLO): they reorder text after them until a paragraph
    /// ends, so one message or title could reverse what a client shows next to it. The isolates
    /// U+2066–U+2069 and the marks U+200E/U+200F stay inside their own text and are allowed.
    /// </summary>
    public static bool IsBidiEmbeddingOrOverride(char c) => c is >= '\u202A' and <= '\u202E';

    /// <summary>A character that draws something: not whitespace, control, format or default-ignorable, and not U+2800.</summary>
    public static bool IsVisible(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
        {
            return false;
        }

        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
        {
            return false;
        }

        return rune.Value != BrailleBlank && !IsDefaultIgnorable(rune.Value);
    }

    private static bool IsDefaultIgnorable(int value)
    {
        foreach (var (first, last) in DefaultIgnorable)
        {
            if (value < first)
            {
                return false;
            }

            if (value <= last)
            {
                return true;
            }
        }

        return false;
    }
}
