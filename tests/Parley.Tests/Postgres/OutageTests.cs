using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

/// <summary>A server on a PostgreSQL cluster of the test's own, which the test stops and starts again.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task DuringAnOutageRequestsAnswer503AndAfterItServiceResumesWithEveryAcknowledgedMessageOnce()
    {
        await using var cluster = await PostgresCluster.StartNewAsync();
        await using var factory = new PostgresParleyFactory(cluster.ConnectionString);
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(alma, bob);
        var acknowledged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add((await service.SendAsync(thread, $"before {i}", alma)).GetProperty("text").GetString()!);
        }

        await cluster.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            using var refused = await service.PostJsonAsync(
                $"/v1/threads/{thread}/messages", JsonSerializer.Serialize(new { text = $"during {i}", username = alma }));
            await AssertUnavailableAsync(refused);
        }

        using (var read = await service.GetAsync($"/v1/threads/{thread}/messages"))
        {
            await AssertUnavailableAsync(read);
        }

        using (var notReady = await service.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        await cluster.StartAsync();

        // The same server, not restarted, serves again.
        using (var ready = await service.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add((await service.SendAsync(thread, $"after {i}", alma)).GetProperty("text").GetString()!);
        }

        var page = await service.GetOkAsync($"/v1/threads/{thread}/messages?limit=200");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), page.Seqs());
        Assert.Equal(acknowledged, page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }
}
