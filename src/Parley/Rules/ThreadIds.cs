namespace Parley.Rules;

/// <summary>
/// A thread id in a path names a thread only in the exact form the server writes: lower-case
/// hex with dashes. Upper case, braces or 32 bare digits parse to the same Guid elsewhere in
/// .NET, but here they name nothing (404), so one thread has one address.
/// </summary>
internal static class ThreadIds
{
    private const int Length = 36;

    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        if (text is null || text.Length != Length)
        {
            return false;
        }

        if (text.AsSpan().ContainsAnyInRange('A', 'F'))
        {
            return false;
        }

        return Guid.TryParseExact(text, "D", out id);
    }
}
