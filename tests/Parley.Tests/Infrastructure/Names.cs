namespace Parley.Tests.Infrastructure;

/// <summary>Fresh usernames per test, so no test depends on rows another made.</summary>
public static class Names
{
    public static string User(string prefix = "u") => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 12)];
}
