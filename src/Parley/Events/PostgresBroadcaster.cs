using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Storage;

namespace Parley.Events;

/// <summary>
/// Many server instances on one PostgreSQL database: a notice is sent with <c>NOTIFY</c> on
/// <see cref="ChannelName"/> (payload <c>threadId:seq</c>), and every instance, this one
/// included, hears it on a <c>LISTEN</c> connection of its own and hands it to its
/// <see cref="LiveHub"/>. Sending happens in the background, so a request never waits for it.
/// The listener reconnects by itself; after each connect its hub re-announces the subscribed
/// threads, so streams fill from the store whatever was sent while it was away.
/// </summary>
internal sealed partial class PostgresBroadcaster(
    NpgsqlDataSource dataSource, IOptions<DatabaseOptions> database, LiveHub hub, ILogger<PostgresBroadcaster> log)
    : BackgroundService, IBroadcaster
{
    public const string ChannelName = "parley_events";
    private const int MaxBatch = 256;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);

    // Bounded so that a database that stops answering cannot grow memory without end; a notice
    // dropped here costs latency, never a message (streams catch up from the store).
    private readonly Channel<Notice> _outbox = Channel.CreateBounded<Notice>(new BoundedChannelOptions(64 * 1024)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Publish(Notice notice) => _outbox.Writer.TryWrite(notice);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The listener's connection comes from a pool of its own: losing it (which makes Npgsql
        // clear its pool) never disturbs the connections requests use. pg_stat_activity shows
        // it as parley-listener.
        await using var listening = StorageSetup.CreateDataSource(database.Value.ConnectionString!, role: "listener");
        await Task.WhenAll(SendAsync(stoppingToken), PostgresListener.RunAsync(listening, hub, log, stoppingToken));
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var payloads = new List<string>(MaxBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                payloads.Clear();
                while (payloads.Count < MaxBatch && _outbox.Reader.TryRead(out var notice))
                {
                    payloads.Add(string.Create(CultureInfo.InvariantCulture, $"{notice.ThreadId}:{notice.Seq}"));
                }

                await NotifyAsync(payloads, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One statement for the whole batch; PostgreSQL delivers its notices in order.</summary>
    private async Task NotifyAsync(List<string> payloads, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", connection);
            notify.Parameters.Add(new NpgsqlParameter { Value = ChannelName });
            notify.Parameters.Add(new NpgsqlParameter { Value = payloads.ToArray() });
            await notify.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Mostly the database is away, and then every listener lost its connection too and
            // re-announces its threads when it is back. Otherwise a stream fills the gap from
            // the store with its thread's next notice.
            LogSendFailed(log, payloads.Count, ex);
        }
    }

    /// <summary>Parses a <c>threadId:seq</c> payload; anything else on the channel is ignored.</summary>
    public static bool TryParse(string payload, out Notice notice)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        notice = default;
        if (colon < 0 || !Guid.TryParse(payload.AsSpan(0, colon), out var threadId)
            || !long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        notice = new Notice(threadId, seq);
        return true;
    }

    /// <summary>The wait before reconnect attempt <paramref name="failures"/>: doubling, capped, with jitter.</summary>
    public static TimeSpan Backoff(int failures)
    {
        var doubled = FirstRetry * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = doubled < LastRetry ? doubled : LastRetry;
        return capped * (0.75 + (Random.Shared.NextDouble() / 2));
    }

    [LoggerMessage(LogLevel.Warning, "Could not send {Count} live notices; listeners catch up when they reconnect")]
    private static partial void LogSendFailed(ILogger log, int count, Exception exception);
}
