namespace Parley.Tests.Infrastructure;

/// <summary>
/// The server as <c>dotnet run</c> starts it for a developer: Development environment,
/// development tokens on, real Kestrel at a loopback port so a real browser can reach it.
/// </summary>
public sealed class DevelopmentKestrelFactory : KestrelParleyFactory
{
    protected override string Environment => "Development";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Parley:Auth:AllowDevTokens"] = "true",
    };
}
