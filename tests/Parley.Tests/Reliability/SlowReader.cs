using System.Net.Sockets;
using System.Text;

namespace Parley.Tests.Reliability;

/// <summary>
/// A client that asks for a response and then takes it at a trickle over a raw socket with a
/// small receive window, so the server cannot push the response into the client's kernel
/// buffers: whatever the client has not read stays on the server's side of the connection.
/// It reads just fast enough that Kestrel's minimum response rate (240 bytes/s) never cuts it.
/// </summary>
internal sealed class SlowReader : IAsyncDisposable
{
    private const int Window = 4096;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;
    private long _received;

    private SlowReader(TcpClient client, int status)
    {
        _client = client;
        _stream = client.GetStream();
        Status = status;
    }

    /// <summary>The response's status code, or 0 when the connection ended before a status line.</summary>
    public int Status { get; }

    /// <summary>Bytes of the response received so far, the status line and headers included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Whether the server closed the connection (or cut it) while the client was reading.</summary>
    public bool Closed => _reading.IsCompleted;

    /// <summary>Sends <c>GET <paramref name="path"/></c> and reads up to the status line; a 200 is then read at <paramref name="bytesPerSecond"/>.</summary>
    public static async Task<SlowReader> OpenAsync(int port, string path, string credential, int bytesPerSecond, string accept = "application/json")
    {
        var client = new TcpClient(AddressFamily.InterNetwork) { ReceiveBufferSize = Window };
        await client.ConnectAsync("127.0.0.1", port);
        var request = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\nAuthorization: Bearer {credential}\r\n\r\n";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));

        // The status line fits in the first read: it is the first thing the server writes.
        var first = new byte[256];
        var read = await ReadSomeAsync(client.GetStream(), first);
        var status = read > 12 && int.TryParse(Encoding.ASCII.GetString(first, 9, 3), out var code) ? code : 0;
        var reader = new SlowReader(client, status) { _received = read };
        if (status == 200)
        {
            reader._reading = reader.TrickleAsync(bytesPerSecond);
        }

        return reader;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _reading;
        _stop.Dispose();
    }

    /// <summary>Ten reads a second, each of a tenth of the rate.</summary>
    private async Task TrickleAsync(int bytesPerSecond)
    {
        var buffer = new byte[Math.Max(1, bytesPerSecond / 10)];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(100, _stop.Token);
                var read = await _stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                Interlocked.Add(ref _received, read);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut by the server, or stopped by the test.
        }
    }

    private static async Task<int> ReadSomeAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
