using Microsoft.AspNetCore.Server.Kestrel.Core;
using Parley.Rules;

namespace Parley.Http;

/// <summary>
/// Kestrel's limits for slow, idle and oversized clients, read from <c>Kestrel:Limits</c>
/// (appsettings.json sets each one deliberately; docs/security.md says why). Kestrel does not
/// bind that section by itself, and a data rate is a value with two parts, so both are read here.
/// </summary>
internal static class ServerLimits
{
    public const string Section = "Kestrel:Limits";

    public static void Apply(IConfiguration configuration, KestrelServerLimits limits)
    {
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
}
