using System.Globalization;
using System.Text;

namespace Parley.Rules;

/// <summary>
/// Message text and thread titles. Length is counted in user-perceived characters
/// (extended grapheme clusters), so "👍🏽" or a flag counts as one; size is also capped in
/// bytes of UTF-8, so combining marks cannot turn one character into kilobytes.
/// </summary>
internal static class Text
{
    public const string NotVisible = "must contain a visible character (not only whitespace or invisible characters)";

    public static int CountCharacters(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>Returns why the message text is unacceptable, or null when it is fine.</summary>
    public static string? CheckMessage(string text)
    {
        if (text.Length == 0)
        {
            return "must not be empty";
        }

        if (FindUnacceptable(text, allowLineBreaks: true) is { } problem)
        {
            return problem;
        }

        // Bytes before characters: counting grapheme clusters walks the whole text.
        if (Encoding.UTF8.GetByteCount(text) > Limits.TextBytes)
        {
            return $"must be at most {Limits.TextBytes} bytes of UTF-8";
        }

        if (!HasVisibleCharacter(text))
        {
            return NotVisible;
        }

        return CountCharacters(text) > Limits.TextCharacters
            ? $"must be at most {Limits.TextCharacters} characters"
            : null;
    }

    /// <summary>Returns why the thread title is unacceptable, or null when it is fine. <c>""</c> is fine.</summary>
    public static string? CheckTitle(string title)
    {
        if (FindUnacceptable(title, allowLineBreaks: false) is { } problem)
        {
            return problem;
        }

        if (Encoding.UTF8.GetByteCount(title) > Limits.TitleBytes)
        {
            return $"must be at most {Limits.TitleBytes} bytes of UTF-8";
        }

        if (title.Length > 0 && !HasVisibleCharacter(title))
        {
            return NotVisible;
        }

        return CountCharacters(title) > Limits.TitleCharacters
            ? $"must be at most {Limits.TitleCharacters} characters"
            : null;
    }

    // A JSON string may carry an escaped lone surrogate ("\ud800"); it is not text and
    // could not be stored and returned exactly as sent, so it is refused like a control.
    private static string? FindUnacceptable(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return "must be valid Unicode (no unpaired surrogates)";
            }

            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\t'))
            {
                return allowLineBreaks
                    ? "must not contain control characters other than newline and tab"
                    : "must not contain control characters";
            }

            if (Characters.IsBidiEmbeddingOrOverride(c))
            {
                return "must not contain bidirectional embedding or override controls (U+202A to U+202E)";
            }
        }

        return null;
    }

    private static bool HasVisibleCharacter(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Characters.IsVisible(rune))
            {
                return true;
            }
        }

        return false;
    }
}
