using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Events;

namespace Parley.Storage.Postgres.Notifications;

/// <summary>
/// Many server instances on one PostgreSQL database: a notice is sent with <c>NOTIFY</c> on
/// <see cref="NoticePayload.ChannelName"/>, and every instance, this one included, hears it on
/// a <c>LISTEN</c> connection of its own (<see cref="PostgresListener"/>) and hands it to its
/// <see cref="LiveHub"/>. Sending happens in the background, so a request never waits for it.
/// </summary>
internal sealed class PostgresBroadcaster(
    NpgsqlDataSource dataSource, IOptions<DatabaseOptions> database, LiveHub hub, ILogger<PostgresBroadcaster> log)
    : BackgroundService, IBroadcaster
{
    private const int MaxBatch = 256;

    // Bounded so that a database that stops answering cannot grow memory without end; a notice
    // dropped here costs latency, never a message (streams catch up from the store). Wait mode
    // with TryWrite, because DropWrite's TryWrite answers true for the notice it drops, and
    // every drop must be counted.
    private readonly Channel<Notice> _outbox = Channel.CreateBounded<Notice>(new BoundedChannelOptions(OutboxCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _dropped;

    internal const int OutboxCapacity = 64 * 1024;

    /// <summary>Notices dropped since the sender last reported them.</summary>
    internal long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(Notice notice)
    {
        if (!_outbox.Writer.TryWrite(notice))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The listener's connection comes from a pool of its own: losing it (which makes Npgsql
        // clear its pool) never disturbs the connections requests use. pg_stat_activity shows
        // it as parley-listener.
        await using var listening = PostgresDataSource.Create(ConnectionString, role: "listener");
        await Task.WhenAll(SendAsync(stoppingToken), PostgresListener.RunAsync(listening, hub, log, stoppingToken));
    }

    private string ConnectionString =>
        database.Value.ConnectionString ?? throw new InvalidOperationException("PostgreSQL needs Parley:Database:ConnectionString.");

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
                    payloads.Add(NoticePayload.Format(notice));
                }

                await NotifyAsync(payloads, ct);
                if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                {
                    StorageLog.NoticesDropped(log, dropped);
                }
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
            await using var notify = PostgresStatements.Command(connection,
                "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", NoticePayload.ChannelName, payloads.ToArray());
            await notify.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Mostly the database is away, and then every listener lost its connection too and
            // re-announces its threads when it is back. Otherwise a stream fills the gap from
            // the store with its thread's next notice.
            StorageLog.NoticesNotSent(log, payloads.Count, ex);
        }
    }
}
