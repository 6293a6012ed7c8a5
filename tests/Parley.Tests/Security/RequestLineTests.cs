using System.Net.Sockets;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Bytes no HTTP client library would send, written straight to Kestrel: NUL and overlong
/// UTF-8 in the path, raw non-ASCII bytes, oversized and malformed headers. Each is refused
/// with a 4xx (by Kestrel itself, before Parley sees it) and stores nothing.
/// </summary>
public sealed class RequestLineTests(KestrelParleyFactory factory) : IClassFixture<KestrelParleyFactory>
{
    private const string Body = """{"users": ["alma", "bob"]}""";

    [Theory]
    [InlineData("NUL in the path", "POST /v1/threads%00 HTTP/1.1", "")]
    [InlineData("overlong slash in the path", "POST /v1%C0%AFthreads HTTP/1.1", "")]
    [InlineData("encoded surrogate in the path", "POST /v1/threads/%ED%A0%80 HTTP/1.1", "")]
    [InlineData("raw byte 0xFF in the path", "POST /v1/threads\xFF HTTP/1.1", "")]
    [InlineData("raw NUL in the path", "POST /v1/threads\0 HTTP/1.1", "")]
    [InlineData("NUL in a header value", "POST /v1/threads HTTP/1.1", "X-Evil: a\0b\r\n")]
    [InlineData("raw byte 0xC0 in a header value", "POST /v1/threads HTTP/1.1", "Idempotency-Key: \xC0\xAF\r\n")]
    [InlineData("header without a colon", "POST /v1/threads HTTP/1.1", "Not a header\r\n")]
    [InlineData("space before the colon", "POST /v1/threads HTTP/1.1", "Idempotency-Key : k\r\n")]
    [InlineData("request line over 8 KiB", "POST /v1/threads?pad={pad9000} HTTP/1.1", "")]
    [InlineData("headers over 16 KiB", "POST /v1/threads HTTP/1.1", "X-Pad: {pad17000}\r\n")]
    [InlineData("more than 64 headers", "POST /v1/threads HTTP/1.1", "{many}")]
    [InlineData("two Content-Length headers", "POST /v1/threads HTTP/1.1", "Content-Length: 5\r\n")]
    [InlineData("chunked and Content-Length", "POST /v1/threads HTTP/1.1", "Transfer-Encoding: chunked\r\n")]
    [InlineData("absolute URL naming another host", "POST http://evil.example/v1/threads HTTP/1.1", "")]
    public async Task MalformedRequestsAreRefusedWith4xxAndStoreNothing(string what, string requestLine, string extraHeaders)
    {
        using var probe = new StoreProbe(factory.DataDirectory);
        var before = probe.Read();
        var head = requestLine.Replace("{pad9000}", new string('a', 9000), StringComparison.Ordinal)
            + "\r\nHost: 127.0.0.1\r\n" + $"Authorization: Bearer {ParleyFactory.ServiceKey}\r\nContent-Type: application/json\r\n"
            + extraHeaders.Replace("{pad17000}", new string('a', 17_000), StringComparison.Ordinal)
                .Replace("{many}", string.Concat(Enumerable.Range(0, 70).Select(i => $"X-H{i}: {i}\r\n")), StringComparison.Ordinal)
            + $"Content-Length: {Body.Length}\r\n\r\n{Body}";

        var status = await SendRawAsync(Encoding.Latin1.GetBytes(head));

        Assert.True(status is >= 400 and < 500, $"{what}: {status}");
        Assert.Equal(before, probe.Read());
    }

    [Fact]
    public async Task TheSameRequestWellFormedIsCreated()
    {
        // The control: without the defect, the raw request above creates a thread.
        var head = "POST /v1/threads HTTP/1.1\r\nHost: 127.0.0.1\r\n" + $"Authorization: Bearer {ParleyFactory.ServiceKey}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body}";

        Assert.Equal(201, await SendRawAsync(Encoding.Latin1.GetBytes(head)));
    }

    private async Task<int> SendRawAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", factory.BaseAddress.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // Refused while we were still writing; the answer may already be there.
        }

        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
