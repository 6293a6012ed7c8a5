namespace Parley.Rules;

/// <summary>Usernames: 1–64 of <c>A-Z a-z 0-9 _ . - @</c>, case-insensitive, kept in lower case.</summary>
internal static class Usernames
{
    public const int MaxLength = Limits.UsernameCharacters;

    public static bool IsValid(string? username)
    {
        if (string.IsNullOrEmpty(username) || username.Length > MaxLength)
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

    public const string Rule = "must be 1–64 characters of A-Z, a-z, 0-9, '_', '.', '-' or '@'";
}
