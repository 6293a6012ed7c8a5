using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Security;

/// <summary>
/// A request written byte for byte to a real Kestrel server, for what HttpClient would tidy up
/// (dot segments in a path, hand-made chunk framing), and the answer read to the end.
/// </summary>
internal sealed record RawResponse(int Status, string Head, string Body)
{
    public string? ContentType => Head.Split("\r\n")
        .FirstOrDefault(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and returns its detail.</summary>
    public string AssertProblem(int status)
    {
        Assert.True(Status == status, $"Expected {status}, got {Status}: {Head}\r\n\r\n{Body}");
        Assert.StartsWith("application/problem+json", ContentType, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}

internal static class RawHttp
{
    /// <summary>A request head with <c>Connection: close</c>, so the answer ends when the server closes.</summary>
    public static string Head(KestrelParleyFactory server, string requestLine, string credential, params string[] headers) =>
        $"{requestLine}\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: Bearer {credential}\r\nConnection: close\r\n"
        + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    public static Task<RawResponse> SendAsync(KestrelParleyFactory server, string head, string body = "") =>
        SendAsync(server, [.. Encoding.UTF8.GetBytes(head), .. Encoding.UTF8.GetBytes(body)]);

    public static async Task<RawResponse> SendAsync(KestrelParleyFactory server, byte[] request)
    {
        var response = await TrySendAsync(server, request, endInput: false);
        Assert.True(response is not null, "The server closed the connection without an answer.");
        return response;
    }

    /// <summary>
    /// Sends <paramref name="request"/>, then with <paramref name="endInput"/> closes the sending
    /// side, as a client that stops mid-body does. Null when the server closed without answering.
    /// </summary>
    public static async Task<RawResponse?> TrySendAsync(KestrelParleyFactory server, byte[] request, bool endInput)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, Cancelled);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, Cancelled);
            if (endInput)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // Refused while we were still writing; the answer may already be there.
        }

        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, Cancelled).WaitAsync(TimeSpan.FromSeconds(30), Cancelled);
        }
        catch (IOException)
        {
            // Reset after answering: what arrived is the answer.
        }

        var bytes = answer.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (split < 0)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(bytes, 0, split);
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = bytes[(split + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new RawResponse(status, head, Encoding.UTF8.GetString(body));
    }

    private static byte[] Unchunk(byte[] framed)
    {
        var body = new List<byte>();
        var rest = framed.AsSpan();
        while (rest.IndexOf("\r\n"u8) is var end and > 0)
        {
            var size = Convert.ToInt32(Encoding.ASCII.GetString(rest[..end]), 16);
            if (size == 0)
            {
                break;
            }

            body.AddRange(rest.Slice(end + 2, size));
            rest = rest[(end + 2 + size + 2)..];
        }

        return [.. body];
    }
}
