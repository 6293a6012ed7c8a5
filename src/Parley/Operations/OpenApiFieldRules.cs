using System.Globalization;
using Microsoft.OpenApi;
using Parley.Rules;

namespace Parley.Operations;

/// <summary>
/// The rules of the contract's request fields (API.md §2), written into their schemas from the
/// limits the validation itself reads. Constraints are given only where JSON Schema can state
/// them exactly; the rest (grapheme counts, visible characters) is said in words.
/// </summary>
internal static class OpenApiFieldRules
{
    /// <summary>The characters of a username; case is ignored, so both cases are allowed.</summary>
    public const string UsernamePattern = "^[A-Za-z0-9_.@-]+$";

    private static readonly string UsernameRule =
        $"1–{Limits.UsernameCharacters} characters of A-Z a-z 0-9 _ . - @. Case-insensitive: stored and returned in lower case.";

    public static readonly string MessageTextRule =
        $"1–{Limits.TextCharacters} user-perceived characters (grapheme clusters: \"👍🏽\" is one) and at most "
        + $"{Limits.TextBytes} bytes of UTF-8. It must contain a visible character; control characters other than "
        + "newline and tab are refused, and so are the bidirectional controls U+202A–U+202E. Stored and returned exactly as sent.";

    private static readonly string TitleRule =
        $"Optional: at most {Limits.TitleCharacters} user-perceived characters and {Limits.TitleBytes} bytes of UTF-8. "
        + "\"\" is allowed; otherwise it must contain a visible character. No control characters at all.";

    public static void Apply(string name, OpenApiSchema field, bool required)
    {
        switch (name)
        {
            case "username" when required:
                Username(field);
                break;
            case "username":
                Username(field);
                field.Description = "Required with the service key: the member to act as. A user token acts as itself, "
                    + "and naming anyone else is 403. " + UsernameRule;
                break;
            case "users":
                field.MinItems = 1;
                field.Description = $"Usernames. Duplicates (after lower-casing) collapse; a user-token caller is added when missing; "
                    + $"then {Limits.MinUsersPerThread}–{Limits.UsersPerThread} distinct users must remain.";
                if (field.Items is OpenApiSchema item)
                {
                    Username(item);
                }

                break;
            case "text" or "message":
                field.MinLength = 1;
                field.Description = MessageTextRule;
                break;
            case "title":
                field.Description = TitleRule;
                break;
            case "expires_in":
                field.Minimum = Invariant(1);
                field.Maximum = Invariant(Limits.MaxTokenLifetimeSeconds);
                // Said in words, not as `default`: generators such as openapi-typescript make a
                // property with a default required, and this one is optional.
                field.Description = $"The token's lifetime in seconds; {Limits.DefaultTokenLifetimeSeconds} when absent or null.";
                break;
            case "seq":
                field.Minimum = Invariant(0);
                field.Description = "The read position: the seq of the newest message read. It never moves backwards; "
                    + "a seq beyond the thread's last_seq is clamped to it.";
                break;
            default:
                break;
        }
    }

    private static void Username(OpenApiSchema field)
    {
        field.MinLength = 1;
        field.MaxLength = Limits.UsernameCharacters;
        field.Pattern = UsernamePattern;
        field.Description = UsernameRule;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
