using System.Diagnostics.CodeAnalysis;

namespace Parley.Rules;

/// <summary>
/// Usernames: 1–64 of <c>A-Z a-z 0-9 _ . - @</c>, but not <c>.</c> or <c>..</c>;
/// case-insensitive, kept in lower case.
/// </summary>
internal static class Usernames
{
    public static readonly string Rule = $"must be 1–{Limits.UsernameCharacters} characters of A-Z, a-z, 0-9, '_', '.', '-' or '@', and not '.' or '..'";

    public static bool IsValid([NotNullWhen(true)] string? username)
    {
        if (string.IsNullOrEmpty(username) || username.Length > Limits.UsernameCharacters)
        {
            return false;
        }

        // A username travels as a path segment (POST /thread/{id}/{username}), where these two
        // are dot segments that HTTP clients and servers resolve away before any route sees them.
        if (username is "." or "..")
        {
            return false;
        }

        foreach (var c in username)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-cases a username that <see cref="IsValid"/> accepted.</summary>
    public static string Normalize(string username) => username.ToLowerInvariant();

    /// <summary>The username as stored (lower case), when <paramref name="text"/> is a valid one.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? username)
    {
        username = null;
        if (!IsValid(text))
        {
            return false;
        }

        username = Normalize(text);
        return true;
    }
}
