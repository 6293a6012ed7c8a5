using System.ComponentModel.DataAnnotations;

namespace Parley.Operations;

/// <summary>Settings under <c>Parley:RateLimit</c>: a token bucket per principal.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Parley:RateLimit";

    /// <summary>Sustained requests per second; 0 turns the limiter off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Parley:RateLimit:PermitsPerSecond must be between 0 and 1000000.")]
    public int PermitsPerSecond { get; set; } = 20;

    [Range(1, 1_000_000, ErrorMessage = "Parley:RateLimit:Burst must be between 1 and 1000000.")]
    public int Burst { get; set; } = 40;

    public bool LimitServiceKey { get; set; }
}
