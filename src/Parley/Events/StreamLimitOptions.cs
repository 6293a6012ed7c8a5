using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Parley.Events;

/// <summary>The live-stream settings under <c>Parley:Limits</c>.</summary>
internal sealed class StreamLimitOptions
{
    public const string Section = "Parley:Limits";

    /// <summary>Live streams one user may keep open on one server instance, both routes together.</summary>
    [Range(1, 1000, ErrorMessage = "Parley:Limits:StreamsPerUser must be between 1 and 1000.")]
    public int StreamsPerUser { get; set; } = 16;

    /// <summary>
    /// How many of <paramref name="connections"/> live streams may take, all users together:
    /// nine in ten. The rest stay free for sends, reads and <c>/health/live</c> however many
    /// streams are open. No connection limit, no share.
    /// </summary>
    public static long? StreamShare(long? connections)
    {
        if (connections is not { } limit)
        {
            return null;
        }

        return limit - Math.Max(1, limit / 10);
    }
}

/// <summary>
/// Refuses, at start-up, a per-user cap that would let one user's streams take the whole
/// share of connections that streams may have (Kestrel's <c>MaxConcurrentConnections</c>).
/// </summary>
internal sealed class StreamLimitValidation(IOptions<KestrelServerOptions> kestrel) : IValidateOptions<StreamLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamLimitOptions options)
    {
        var connections = kestrel.Value.Limits.MaxConcurrentConnections;
        if (StreamLimitOptions.StreamShare(connections) is not { } share || options.StreamsPerUser <= share)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Parley:Limits:StreamsPerUser ({options.StreamsPerUser}) must be at most {share}: nine in ten of "
            + $"Kestrel:Limits:MaxConcurrentConnections ({connections}), so that one user's streams can never take every connection.");
    }
}
