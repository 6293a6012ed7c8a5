using Npgsql;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

/// <summary>The LISTEN connection that brings notices from every instance, cut off and back.</summary>
public sealed class ListenerReconnectTests
{
    [Fact]
    public async Task StreamsGetWhatWasSentWhileTheListenerWasDisconnected()
    {
        await using var factory = new KestrelPostgresFactory();
        using var alma = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        await using var threadEvents = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events");
        await using var userEvents = await SseClient.OpenAsync(alma, "/v1/events");
        await alma.SendAsync(thread, "before");
        Assert.Equal([1], await threadEvents.ReadSeqsAsync(1));
        // The thread's own announcement travels through NOTIFY too and may reach the user stream
        // after it opened; the message comes next either way.
        var first = await userEvents.NextAsync();
        Assert.Equal("message", first?.EventType == "thread" ? (await userEvents.NextAsync())?.EventType : first?.EventType);

        // No new connection may reach the database while the listener is cut off, so the message
        // is sent (on a connection already in the server's pool) while the listener cannot listen.
        await AdminAsync($"ALTER DATABASE {factory.DatabaseName} ALLOW_CONNECTIONS false");
        try
        {
            Assert.True(await AdminAsync($"""
                SELECT bool_and(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity
                WHERE datname = '{factory.DatabaseName}' AND application_name = 'parley-listener'
                """) is true);
            await alma.SendAsync(thread, "while the listener was away");
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE {factory.DatabaseName} ALLOW_CONNECTIONS true");
        }

        // Back and listening, the listener has the hub re-announce the thread, and the stream fills the gap.
        Assert.Equal([2], await threadEvents.ReadSeqsAsync(1));
        await alma.SendAsync(thread, "after");
        Assert.Equal([3], await threadEvents.ReadSeqsAsync(1));

        // A user stream cannot resume: it ends, and its client re-syncs as it reconnects.
        Assert.Null(await userEvents.NextAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<object?> AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.RequireServer());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
