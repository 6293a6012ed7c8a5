namespace Parley.Storage;

/// <summary>
/// Every log line the storage layer writes, with event ids 3000–3999 that stay the same from
/// release to release, so operators can filter on them: 30xx the stores, 31xx PostgreSQL's
/// live notices.
/// </summary>
internal static partial class StorageLog
{
    [LoggerMessage(3001, LogLevel.Information, "Applied database migration {Version}", EventName = "MigrationApplied")]
    public static partial void MigrationApplied(ILogger log, int version);

    [LoggerMessage(3002, LogLevel.Warning, "Removed other users' permissions from {Path} (mode was {Mode}); only the server's user may use it now",
        EventName = "PermissionsTightened")]
    public static partial void PermissionsTightened(ILogger log, string path, string mode);

    [LoggerMessage(3101, LogLevel.Warning, "Could not send {Count} live notices; listeners catch up when they reconnect",
        EventName = "NoticesNotSent")]
    public static partial void NoticesNotSent(ILogger log, int count, Exception exception);

    [LoggerMessage(3102, LogLevel.Warning, "Live notice listener lost its connection; reconnecting in {DelayMs:0} ms",
        EventName = "ListenerLost")]
    public static partial void ListenerLost(ILogger log, double delayMs, Exception exception);

    [LoggerMessage(3103, LogLevel.Information, "Live notice listener reconnected; open streams catch up from the store",
        EventName = "ListenerReconnected")]
    public static partial void ListenerReconnected(ILogger log);

    [LoggerMessage(3104, LogLevel.Warning, "Dropped {Count} live notices while the database was slow; streams catch up from the store",
        EventName = "NoticesDropped")]
    public static partial void NoticesDropped(ILogger log, long count);
}
