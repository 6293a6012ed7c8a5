using System.Globalization;

namespace Parley.Http;

/// <summary>Query parameters are read as text and checked here, so a bad one is a 400 with <c>errors</c>.</summary>
internal static class Query
{
    public static int Limit(string? text, int fallback, int max, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 && value <= max)
        {
            return value;
        }

        errors["limit"] = [$"must be a whole number from 1 to {max}"];
        return fallback;
    }

    public static long? Seq(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = ["must be a whole number, 0 or more"];
        return null;
    }
}
