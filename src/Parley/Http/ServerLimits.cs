using Microsoft.AspNetCore.Server.Kestrel.Core;
using Parley.Rules;

namespace Parley.Http;

/// <summary>
/// Kestrel's limits for slow, idle and oversized clients: Parley's own values (Kestrel's are
/// looser), set here in code so that a server that finds no appsettings.json keeps them, and
/// then whatever <c>Kestrel:Limits</c> sets (docs/security.md says why each value). Kestrel does
/// not bind that section by itself, and a data rate is a value with two parts, so both are read here.
/// </summary>
internal static class ServerLimits
{
    public const string Section = "Kestrel:Limits";

    public static void Apply(IConfiguration configuration, KestrelServerLimits limits)
    {
        SetDefaults(limits);
        var section = configuration.GetSection(Section);
        section.Bind(limits);
        limits.MinRequestBodyDataRate = Rate(section.GetSection(nameof(limits.MinRequestBodyDataRate)), limits.MinRequestBodyDataRate);
        limits.MinResponseDataRate = Rate(section.GetSection(nameof(limits.MinResponseDataRate)), limits.MinResponseDataRate);

        // Part of the API contract, not a tuning knob: bodies above Limits.BodyBytes are refused with 413.
        limits.MaxRequestBodySize = Limits.BodyBytes;
    }

    private static MinDataRate? Rate(IConfigurationSection section, MinDataRate? fallback) =>
        section.Exists()
            ? new MinDataRate(section.GetValue<double>(nameof(MinDataRate.BytesPerSecond)), section.GetValue<TimeSpan>(nameof(MinDataRate.GracePeriod)))
            : fallback;

    private static void SetDefaults(KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = 10_000;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.KeepAliveTimeout = TimeSpan.FromMinutes(1);
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    }
}
