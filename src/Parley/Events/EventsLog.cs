namespace Parley.Events;

/// <summary>The live events' log lines, with stable ids (4000–4999) for operators to filter on.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(4000, LogLevel.Warning, "Live delivery of a notice failed; streams will catch up from the store",
        EventName = "LiveDispatchFailed")]
    public static partial void DispatchFailed(ILogger log, Exception exception);

    [LoggerMessage(4001, LogLevel.Error, "The live hub's loop failed; it starts again in {DelayMs:0} ms", EventName = "LiveHubLoopFailed")]
    public static partial void HubLoopFailed(ILogger log, double delayMs, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning,
        "The live hub fell behind and dropped {Count} notices ({Total} since start); thread streams refill from the store "
        + "and user streams are ended to re-sync",
        EventName = "LiveNoticesDropped")]
    public static partial void NoticesDropped(ILogger log, long count, long total);

    [LoggerMessage(4003, LogLevel.Warning,
        "All {Share} connections kept for live streams are in use; new user streams are refused with 503 until some close",
        EventName = "LiveStreamShareFull")]
    public static partial void StreamShareFull(ILogger log, long share);
}
