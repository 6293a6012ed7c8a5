using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// Slow and idle clients against the real server process: the Kestrel limits of appsettings.json,
/// shortened here so the tests take seconds, cut them off and keep their number bounded.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private static readonly byte[] PartialRequest = Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    [Fact]
    public async Task AClientSendingHeadersAByteAtATimeIsCutOffAtTheHeadersTimeout()
    {
        await using var server = new ServerUnderTest(ServerStore.Sqlite, new Dictionary<string, string?>
        {
            ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:02",
        });
        await server.StartAsync();
        using var slow = new TcpClient();
        await slow.ConnectAsync("127.0.0.1", server.Port);
        var stream = slow.GetStream();
        var answer = ReadUntilClosedAsync(stream);
        var clock = Stopwatch.StartNew();

        // One byte every 100 ms; the headers would take a minute and never end.
        var header = Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + new string('a', 600));
        var sent = 0;
        try
        {
            while (sent < header.Length && !answer.IsCompleted)
            {
                await stream.WriteAsync(header.AsMemory(sent, 1));
                sent++;
                await Task.WhenAny(answer, Task.Delay(100));
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we were still sending: what we want.
        }

        var reply = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Figures.Report(output, "slow-client/headers", $"headers timeout 2 s: cut after {sent} of {header.Length} bytes, "
            + $"{clock.Elapsed.TotalSeconds:0.0} s; server said \"{reply.Split("\r\n")[0]}\"");

        Assert.True(sent < header.Length, "The server waited for the whole trickle.");
        using var client = server.CreateClient(credential: null);
        Assert.True((await client.GetAsync("/health/live")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreClosedAtOnceAndMemoryStaysBounded()
    {
        const int limit = 100;
        const int attempts = 1000;
        await using var server = new ServerUnderTest(ServerStore.Sqlite, new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxConcurrentConnections"] = $"{limit}",
            ["Kestrel:Limits:RequestHeadersTimeout"] = "00:01:00",
        });
        await server.StartAsync();
        using (var warm = server.CreateClient(credential: null))
        {
            await warm.GetAsync("/health/ready");
        }

        var before = server.ResidentBytes();
        var connections = new List<(TcpClient Client, Task<string> Closed)>();
        try
        {
            for (var i = 0; i < attempts; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", server.Port);
                var stream = client.GetStream();
                try
                {
                    // A request that never completes: each one holds its connection until a limit ends it.
                    await stream.WriteAsync(PartialRequest);
                }
                catch (IOException)
                {
                    // Already refused.
                }

                connections.Add((client, ReadUntilClosedAsync(stream)));
            }

            // Every connection past the limit is closed by the server; wait for those.
            var closedEnough = WhenCountAsync(connections.Select(c => c.Closed), attempts - limit);
            await closedEnough.WaitAsync(TimeSpan.FromSeconds(60));
            var during = server.ResidentBytes();
            var open = connections.Count(c => !c.Closed.IsCompleted);
            Figures.Report(output, "slow-client/connections", $"limit {limit}: {attempts} connections with an unfinished request, "
                + $"{attempts - open} closed by the server, {open} held; server memory {Mb(before)} MB before, {Mb(during)} MB with them");

            Assert.True(open <= limit, $"{open} connections held open with a limit of {limit}.");
            Assert.True(during - before < 64L * 1024 * 1024, $"Memory grew by {Mb(during - before)} MB.");
        }
        finally
        {
            foreach (var (client, _) in connections)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task IdleKeepAliveConnectionsAreClosedByTheServer()
    {
        await using var server = new ServerUnderTest(ServerStore.Sqlite, new Dictionary<string, string?>
        {
            ["Kestrel:Limits:KeepAliveTimeout"] = "00:00:02",
        });
        await server.StartAsync();
        var connections = new List<(TcpClient Client, Task<string> Closed)>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", server.Port);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
                connections.Add((client, ReadUntilClosedAsync(client.GetStream())));
            }

            var replies = await Task.WhenAll(connections.Select(c => c.Closed)).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.All(replies, reply => Assert.StartsWith("HTTP/1.1 200", reply, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var (client, _) in connections)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Everything the server sends until it closes the connection.</summary>
    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer) is var read and > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Reset instead of closed: closed all the same.
        }

        return received.ToString();
    }

    private static async Task WhenCountAsync(IEnumerable<Task> tasks, int count)
    {
        var pending = tasks.ToList();
        var done = pending.Count(t => t.IsCompleted);
        pending.RemoveAll(t => t.IsCompleted);
        while (done < count)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            done++;
        }
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
