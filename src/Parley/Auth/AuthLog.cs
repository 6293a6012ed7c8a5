namespace Parley.Auth;

/// <summary>Authentication's log lines, with stable ids (1000–1099). Only file paths, never a key.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1000, LogLevel.Warning, "Generated a new {What} and stored it in {Path}", EventName = "KeyGenerated")]
    public static partial void GeneratedKey(ILogger log, string what, string path);

    [LoggerMessage(1001, LogLevel.Information, "Using the {What} stored in {Path}", EventName = "KeyLoaded")]
    public static partial void UsingKey(ILogger log, string what, string path);
}
