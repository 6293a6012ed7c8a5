using Npgsql;
using Parley.Events;

namespace Parley.Storage.Postgres.Notifications;

/// <summary>
/// The <c>LISTEN</c> side of <see cref="PostgresBroadcaster"/>: one connection of its own that
/// feeds every notice to the hub, reconnecting with backoff whenever it is lost. After each
/// connect the hub re-announces the subscribed threads, so streams fill from the store
/// whatever was sent while it was away.
/// </summary>
internal static class PostgresListener
{
    // An idle connection is checked this often, so that one silently cut off is noticed.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);

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
                    if (NoticePayload.TryParse(e.Payload, out var notice))
                    {
                        hub.Enqueue(notice);
                    }
                };
                await ExecuteAsync(connection, $"LISTEN {NoticePayload.ChannelName}", ct);

                // Listening from here on; whatever was sent before is read from the store.
                await hub.ReannounceAsync(endUserStreams: reconnect, ct);
                if (reconnect)
                {
                    StorageLog.ListenerReconnected(log);
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
            catch (Exception ex)
            {
                // Mostly the connection or the database is gone; whatever it was, the listener
                // must outlive it, or this instance stops hearing every other one.
                reconnect = true;
                var wait = Backoff(++failures);
                StorageLog.ListenerLost(log, wait.TotalMilliseconds, ex);
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

    /// <summary>The wait before reconnect attempt <paramref name="failures"/>: doubling, capped, with jitter.</summary>
    public static TimeSpan Backoff(int failures)
    {
        var doubled = FirstRetry * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = doubled < LastRetry ? doubled : LastRetry;
        return capped * (0.75 + (Random.Shared.NextDouble() / 2));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
