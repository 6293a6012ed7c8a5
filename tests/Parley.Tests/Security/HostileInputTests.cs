using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CsCheck;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Thousands of generated requests at every route: random and mutated bodies, headers, ids,
/// usernames, query strings and Unicode edge cases. None may cause a 5xx; every error is
/// problem+json; a rejected request (and any GET) leaves the store exactly as it was.
/// </summary>
public sealed class HostileInputTests(ParleyFactory factory, ITestOutputHelper output) : IClassFixture<ParleyFactory>
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    [Fact]
    public async Task NoInputCausesA5xxOrAnUnstructuredErrorOrStoresARejectedRequest()
    {
        var iterations = long.TryParse(Environment.GetEnvironmentVariable("PARLEY_HOSTILE_ITERATIONS"), out var n) && n > 0 ? n : 4000;
        var (member, bob, stranger) = (Names.User("alma"), Names.User("bob"), Names.User("olga"));
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(member, bob);
        var other = await service.CreateThreadAsync(bob, stranger);
        await service.SendAsync(thread, "hello", bob);
        await service.SendAsync(other, "not for alma", bob);
        var credentials = new Dictionary<string, string?>
        {
            ["service"] = ParleyFactory.ServiceKey,
            ["member"] = await factory.MintTokenAsync(member),
            ["stranger"] = await factory.MintTokenAsync(stranger),
            ["none"] = null,
        };
        using var client = factory.CreateClient();
        using var probe = new StoreProbe(factory.DataDirectory);
        var clock = Stopwatch.StartNew();

        await HostileRequest.For(thread, other, member, stranger).SampleAsync(
            request => SendAndCheckAsync(client, request, credentials, probe),
            iter: iterations, threads: 1, seed: Environment.GetEnvironmentVariable("PARLEY_HOSTILE_SEED"), print: r => r.ToString());

        var tried = _statuses.Values.Sum();
        Figures.Report(output, "hostile-input", $"{tried} requests in {clock.Elapsed.TotalSeconds:0.0} s; "
            + string.Join(' ', _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))
            + $"; 5xx seen={_statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}; errors not problem+json=0; rejected but stored=0");
        Assert.True(tried >= iterations, $"Only {tried} requests were tried.");
    }

    [Fact]
    public async Task GeneratedFloodsInvisibleTextsBidiControlsAndTrailersGetTheAnswerTheRulesGive()
    {
        var iterations = long.TryParse(Environment.GetEnvironmentVariable("PARLEY_HOSTILE_ITERATIONS"), out var n) && n > 0 ? Math.Max(100, n / 8) : 500;
        using var client = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await client.CreateThreadAsync(Names.User("bob"));
        var stored = 0;

        await HostileInputs.RuledSends.SampleAsync(async send =>
        {
            using var response = await client.PostJsonAsync($"/v1/threads/{thread}/messages", send.Json);
            var status = (int)response.StatusCode;
            Assert.True(status == send.Status, $"{send}: {status} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            if (status == 201)
            {
                stored++;
            }
            else if (send.Field is { } field)
            {
                await response.AssertInvalidAsync(field);
            }
        }, iter: iterations, threads: 1, seed: Environment.GetEnvironmentVariable("PARLEY_HOSTILE_SEED"), print: s => s.ToString());

        Assert.Equal(stored, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }

    private async Task SendAndCheckAsync(HttpClient client, HostileRequest generated, Dictionary<string, string?> credentials, StoreProbe probe)
    {
        using var request = new HttpRequestMessage(new HttpMethod(generated.Method), generated.Target);
        if (generated.Credential.StartsWith("raw:", StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("Authorization", generated.Credential[4..]);
        }
        else if (credentials[generated.Credential] is { } credential)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        foreach (var (name, value) in generated.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (generated.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (generated.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        var before = probe.Read();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        _statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();

        Assert.True(status < 500, $"{status}: {content}");
        if (status >= 400 && generated.Method != "HEAD")
        {
            Assert.Equal("application/problem+json", mediaType);
            using var problem = JsonDocument.Parse(content);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            foreach (var property in new[] { "type", "title", "detail", "trace_id" })
            {
                Assert.Equal(JsonValueKind.String, problem.RootElement.GetProperty(property).ValueKind);
            }
        }

        if (status >= 400 || generated.Method is "GET" or "HEAD" or "OPTIONS")
        {
            Assert.True(before == probe.Read(), $"{status} changed the store.");
        }
    }
}
