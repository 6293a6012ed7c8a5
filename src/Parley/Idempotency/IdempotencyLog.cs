namespace Parley.Idempotency;

/// <summary>Idempotency's log lines, with stable ids (5100–5199 of the 5000–5999 range) for operators to filter on.</summary>
internal static partial class IdempotencyLog
{
    [LoggerMessage(5100, LogLevel.Error, "Purging expired idempotency keys failed; the next hourly run tries again",
        EventName = "IdempotencyPurgeFailed")]
    public static partial void PurgeFailed(ILogger log, Exception exception);
}
