using System.Globalization;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Bodies sent with <c>Transfer-Encoding: chunked</c>, framed by hand on real Kestrel: the 64 KiB
/// limit is on the body whatever the chunk sizes, and broken framing is a 400 problem that
/// nothing logs as an error.
/// </summary>
public sealed class ChunkedBodyTests(LoggedKestrelServer server) : IClassFixture<LoggedKestrelServer>
{
    private const int Limit = 64 * 1024;

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFF")]
    [InlineData("80000000")]
    [InlineData("7FFFFFFF0")]
    [InlineData("zz")]
    [InlineData("-1")]
    public async Task ABadChunkSizeIsABadRequestProblemAndNoErrorIsLogged(string size)
    {
        var (token, thread) = await NewThreadAsync();
        var logged = server.Logs.Lines.Count;

        var response = await RawHttp.SendAsync(server, ChunkedHead(token, thread), $"{size}\r\n{{\"text\":\"hi\"}}\r\n0\r\n\r\n");

        response.AssertProblem(400);
        Assert.Empty(server.ErrorsAfter(logged));
        Assert.Equal(0, await LastSeqAsync(token, thread));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(100, false)]
    [InlineData(1_000, false)]
    [InlineData(Limit, false)]
    public async Task AChunkedBodyOfExactly64KiBIsAcceptedWhateverItsChunks(int chunk, bool zeroPaddedSizes)
    {
        var (token, thread) = await NewThreadAsync();

        var response = await RawHttp.SendAsync(server, [.. Encoding.ASCII.GetBytes(ChunkedHead(token, thread)), .. Chunked(Padded(Limit), chunk, zeroPaddedSizes)]);

        Assert.True(response.Status == 201, $"{response.Status}: {response.Body}");
        Assert.Equal(1, await LastSeqAsync(token, thread));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    [InlineData(Limit + 1)]
    public async Task AChunkedBodyOneByteOver64KiBIsContentTooLarge(int chunk)
    {
        var (token, thread) = await NewThreadAsync();

        var response = await RawHttp.SendAsync(server, [.. Encoding.ASCII.GetBytes(ChunkedHead(token, thread)), .. Chunked(Padded(Limit + 1), chunk, false)]);

        response.AssertProblem(413);
        Assert.Equal(0, await LastSeqAsync(token, thread));
    }

    private async Task<(string Token, string Thread)> NewThreadAsync()
    {
        var token = await server.MintTokenAsync(Names.User("alma"));
        using var client = server.CreateClientWith(token);
        return (token, await client.CreateThreadAsync(Names.User("bob")));
    }

    private async Task<long> LastSeqAsync(string token, string thread)
    {
        using var client = server.CreateClientWith(token);
        return (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64();
    }

    private string ChunkedHead(string token, string thread) =>
        RawHttp.Head(server, $"POST /v1/threads/{thread}/messages HTTP/1.1", token, "Content-Type: application/json", "Transfer-Encoding: chunked");

    /// <summary>A valid send body of exactly <paramref name="size"/> bytes, padded with spaces.</summary>
    private static byte[] Padded(int size)
    {
        const string Json = """{"text": "hi"}""";
        return Encoding.ASCII.GetBytes(Json.Insert(1, new string(' ', size - Json.Length)));
    }

    private static byte[] Chunked(byte[] body, int chunk, bool zeroPaddedSizes)
    {
        var framed = new MemoryStream();
        for (var at = 0; at < body.Length; at += chunk)
        {
            var size = Math.Min(chunk, body.Length - at);
            framed.Write(Encoding.ASCII.GetBytes(size.ToString(zeroPaddedSizes ? "X8" : "X", CultureInfo.InvariantCulture) + "\r\n"));
            framed.Write(body, at, size);
            framed.Write("\r\n"u8);
        }

        framed.Write("0\r\n\r\n"u8);
        return framed.ToArray();
    }
}
