using System.Net.Sockets;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

public sealed class BackPressureTests(KestrelParleyFactory factory) : IClassFixture<KestrelParleyFactory>
{
    // 163 user-perceived characters of 25 bytes each: 4,075 bytes, about the largest a text may be (4 KiB).
    private static readonly string LargeText = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 163));

    [Fact]
    public async Task AStalledReaderIsDisconnectedWhileAHealthyReaderKeepsReceiving()
    {
        var token = await factory.MintTokenAsync(Names.User("alma"));
        using var alma = factory.CreateClientWith(token);
        var thread = await alma.CreateThreadAsync(Names.User("bob"));

        // The stalled reader asks for the stream with a tiny receive window and never reads.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(factory.BaseAddress.Host, factory.BaseAddress.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /v1/threads/{thread}/events HTTP/1.1\r\nHost: {factory.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n\r\n"));
        await using var healthy = await SseClient.OpenAsync(alma, $"/v1/threads/{thread}/events");

        // About 5 MB of events in all (emoji travel as \u escapes, 12 bytes each): more than the
        // stalled socket's buffers and its queue of 64 events can hold, so it must be cut off.
        const int count = 520;
        var reading = healthy.ReadSeqsAsync(count);
        for (var i = 0; i < count; i++)
        {
            await alma.SendAsync(thread, LargeText);
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), await reading.WaitAsync(TimeSpan.FromSeconds(60)));

        // Draining the stalled socket now ends in a closed connection, short of all events.
        var received = await DrainAsync(stalled).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(received < count * LargeText.Length, $"the stalled reader got {received} bytes: it was never cut off");
    }

    private static async Task<long> DrainAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException)
        {
            // Reset by the server: cut off, as intended.
        }

        return total;
    }
}
