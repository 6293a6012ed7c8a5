using System.Text;
using CsCheck;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Generated chunk framings on real Kestrel: a well-framed body is read as its own bytes (201 up
/// to 64 KiB, 413 past it, whatever the chunks); a defect in the framing is 400 or 413, never a
/// 5xx, and stores nothing. Kestrel closes a connection it cannot read on, and when request bytes
/// are still unread the close is a reset that can drop the answer; the log shows any 500 anyway.
/// </summary>
public sealed class HostileFramingTests(LoggedKestrelServer server, ITestOutputHelper output) : IClassFixture<LoggedKestrelServer>
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task NoFramingCausesA5xxAndAWellFramedBodyCountsOnlyItsOwnBytes()
    {
        var iterations = long.TryParse(Environment.GetEnvironmentVariable("PARLEY_HOSTILE_ITERATIONS"), out var n) && n > 0 ? Math.Max(50, n / 20) : 200;
        var token = await server.MintTokenAsync(Names.User("alma"));
        using var client = server.CreateClientWith(token);
        var thread = await client.CreateThreadAsync(Names.User("bob"));
        var head = Encoding.ASCII.GetBytes(RawHttp.Head(server, $"POST /v1/threads/{thread}/messages HTTP/1.1", token,
            "Content-Type: application/json", "Transfer-Encoding: chunked"));
        var statuses = new Dictionary<int, int>();
        var logged = server.Logs.Lines.Count;

        await HostileFraming.Sends.SampleAsync(async framing =>
        {
            var response = await RawHttp.TrySendAsync(server, [.. head, .. framing.Wire], endInput: framing.Damage == "ends early");
            var status = response?.Status ?? 0;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(server.ErrorsAfter(logged) is [], $"{framing}: {string.Join('\n', server.ErrorsAfter(logged))}");
            if (framing.IsWellFormed)
            {
                Assert.True(status == (framing.BodyBytes <= Limit ? 201 : 413), $"{framing}: {status} {response?.Body}");
                return;
            }

            Assert.True(status is 0 or 400 or 413, $"{framing}: {status} {response?.Body}");
            if (response is { Body.Length: > 0 })
            {
                Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
            }
        }, iter: iterations, threads: 1, seed: Environment.GetEnvironmentVariable("PARLEY_HOSTILE_SEED"), print: f => f.ToString());

        var created = statuses.GetValueOrDefault(201);
        Figures.Report(output, "hostile-framing", $"{iterations} chunked requests; "
            + string.Join(' ', statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key)}={s.Value}")));
        Assert.Equal(created, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }
}
