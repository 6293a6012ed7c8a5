using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Events;
using Parley.Storage;
using Parley.Storage.Postgres.Notifications;
using Parley.Tests.Events;

namespace Parley.Tests.Postgres;

public sealed class BroadcasterTests
{
    [Fact]
    public async Task NoticesBeyondAFullOutboxAreCountedAsDropped()
    {
        // Never started, so nothing drains the outbox and no database is reached.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        var database = Options.Create(new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = "Host=127.0.0.1;Port=1" });
        var hub = new LiveHub(new UnusedStore(), TimeProvider.System, NullLogger<LiveHub>.Instance);
        using var broadcaster = new PostgresBroadcaster(dataSource, database, hub, NullLogger<PostgresBroadcaster>.Instance);
        var thread = Guid.NewGuid();

        for (var seq = 1; seq <= PostgresBroadcaster.OutboxCapacity + 3; seq++)
        {
            broadcaster.Publish(new Notice(thread, seq));
        }

        Assert.Equal(3, broadcaster.Dropped);
    }

    private sealed class UnusedStore : StoreStub;
}
