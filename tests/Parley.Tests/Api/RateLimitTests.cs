using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class RateLimitTests(RateLimitTests.LimitedFactory limited, RateLimitTests.ServiceLimitedFactory serviceLimited)
    : IClassFixture<RateLimitTests.LimitedFactory>, IClassFixture<RateLimitTests.ServiceLimitedFactory>
{
    // Far more than a bucket of two refilling at one a second can take, however slow the machine.
    private const int Attempts = 30;

    public class LimitedFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:RateLimit:PermitsPerSecond"] = "1",
            ["Parley:RateLimit:Burst"] = "2",
            ["Parley:RateLimit:LimitServiceKey"] = LimitServiceKey ? "true" : "false",
        };

        protected virtual bool LimitServiceKey => false;
    }

    public sealed class ServiceLimitedFactory : LimitedFactory
    {
        protected override bool LimitServiceKey => true;
    }

    [Fact]
    public async Task UserExceedingTheBurstGetsTooManyRequestsWithRetryAfter()
    {
        var (thread, alma, _) = await NewThreadAsync(limited);
        using var client = await limited.CreateUserClientAsync(alma);
        using var refused = await SendUntilRefusedAsync(client, thread, alma);

        await refused.Response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RefusedSendStoresNothing()
    {
        var (thread, alma, _) = await NewThreadAsync(limited);
        using var client = await limited.CreateUserClientAsync(alma);
        using var refused = await SendUntilRefusedAsync(client, thread, alma);

        using var service = limited.CreateServiceClient();
        using var page = await service.GetAsync($"/v1/threads/{thread}/messages?limit=200");
        var stored = (await page.ReadJsonAsync()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal(refused.Accepted, stored.Count);
        Assert.DoesNotContain(refused.RefusedText, stored);
    }

    [Fact]
    public async Task OneUsersLimitDoesNotRefuseAnother()
    {
        var (thread, alma, bob) = await NewThreadAsync(limited);
        using var almaClient = await limited.CreateUserClientAsync(alma);
        using var refused = await SendUntilRefusedAsync(almaClient, thread, alma);

        using var bobClient = await limited.CreateUserClientAsync(bob);
        using var response = await bobClient.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = "still fine" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ServiceKeyIsExemptByDefault()
    {
        var (thread, alma, _) = await NewThreadAsync(limited);
        using var service = limited.CreateServiceClient();
        for (var i = 0; i < Attempts; i++)
        {
            using var response = await service.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = $"m{i}", username = alma });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task ServiceKeyIsLimitedWhenConfigured()
    {
        using var service = serviceLimited.CreateServiceClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Attempts && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await service.GetAsync($"/v1/threads?user={Names.User()}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    private static async Task<(string Thread, string Alma, string Bob)> NewThreadAsync(ParleyFactory factory)
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        return (await service.CreateThreadAsync(alma, bob), alma, bob);
    }

    /// <summary>Sends distinct texts until one is refused; returns that response and how many were accepted before it.</summary>
    private static async Task<Refusal> SendUntilRefusedAsync(HttpClient client, string thread, string sender)
    {
        var accepted = 0;
        for (var i = 0; i < Attempts; i++)
        {
            var text = $"{sender} attempt {i}";
            var response = await client.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new Refusal(response, accepted, text);
            }

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            response.Dispose();
            accepted++;
        }

        throw new InvalidOperationException($"No request was refused in {Attempts} attempts.");
    }

    private sealed record Refusal(HttpResponseMessage Response, int Accepted, string RefusedText) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}
