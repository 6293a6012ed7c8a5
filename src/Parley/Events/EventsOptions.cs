using System.ComponentModel.DataAnnotations;

namespace Parley.Events;

/// <summary>Settings under <c>Parley:Events</c>.</summary>
internal sealed class EventsOptions
{
    public const string Section = "Parley:Events";

    /// <summary>Seconds between <c>: ping</c> comments on an idle stream.</summary>
    [Range(0.05, 15, ErrorMessage = "Parley:Events:PingSeconds must be between 0.05 and 15.")]
    public double PingSeconds { get; set; } = 15;

    /// <summary>Events one stream may have waiting; a client that falls further behind is disconnected.</summary>
    [Range(1, 100_000, ErrorMessage = "Parley:Events:BufferSize must be between 1 and 100000.")]
    public int BufferSize { get; set; } = 1024;

    /// <summary>
    /// Bytes of events one stream may have waiting (as held in memory): a client that falls
    /// that far behind is disconnected too, so a few large messages cannot pin what a
    /// thousand small ones would not.
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024, ErrorMessage = "Parley:Events:BufferBytes must be between 65536 and 1073741824.")]
    public int BufferBytes { get; set; } = 1024 * 1024;
}
