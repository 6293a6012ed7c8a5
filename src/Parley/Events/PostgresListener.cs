using Npgsql;
using Parley.Storage;

namespace Parley.Events;

/// <summary>
/// The <c>LISTEN</c> side of <see cref="PostgresBroadcaster"/>: one connection of its own that
/// feeds every notice to the hub, reconnecting with backoff whenever it is lost.
/// </summary>
internal static partial class PostgresListener
{
    // An idle connection is checked this often, so that one silently cut off is noticed.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(NpgsqlDataSource dataSource, LiveHub hub, ILogger log, CancellationToken ct)
    {
        var failures = 0;
        var reconnect = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (PostgresBroadcaster.TryParse(e.Payload, out var notice))
                    {
                        hub.Enqueue(notice);
                    }
                };
                await ExecuteAsync(connection, $"LISTEN {PostgresBroadcaster.ChannelName}", ct);

                // Listening from here on; whatever was sent before is read from the store.
                await hub.ReannounceAsync(endUserStreams: reconnect, ct);
                if (reconnect)
                {
                    LogReconnected(log);
                }

                failures = 0;
                reconnect = true;
                while (true)
                {
                    if (!await connection.WaitAsync(Heartbeat, ct))
                    {
                        await ExecuteAsync(connection, "SELECT 1", ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or StoreUnavailableException or IOException or TimeoutException
                or InvalidOperationException)
            {
                reconnect = true;
                var wait = PostgresBroadcaster.Backoff(++failures);
                LogLost(log, wait.TotalMilliseconds, ex);
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Live notice listener lost its connection; reconnecting in {DelayMs:0} ms")]
    private static partial void LogLost(ILogger log, double delayMs, Exception exception);

    [LoggerMessage(LogLevel.Information, "Live notice listener reconnected; open streams catch up from the store")]
    private static partial void LogReconnected(ILogger log);
}
