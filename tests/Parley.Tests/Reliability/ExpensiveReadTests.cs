using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// A user's expensive reads (whole threads, pages of messages) hold one of a few places from
/// admission to their last byte, and what they send is paced by a byte bucket per user, on
/// real Kestrel so that slow clients hold their responses as they do in production.
/// </summary>
public sealed class ExpensiveReadTests(ExpensiveReadTests.PacedFactory factory) : IClassFixture<ExpensiveReadTests.PacedFactory>
{
    // About 10 MB of JSON through the seed-compatible GET: far more than the kernel buffers of
    // a connection hold, so a reader that does not read keeps the response on the server.
    // A small rate over a modest thread: the paced read's floor (seconds) is large beside an
    // unpaced read of the same bytes, even on a machine slowed by other work.
    private const int Messages = 250;
    private const int KilobytesPerSecond = 512;

    public sealed class PacedFactory : KestrelParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:Limits:ExpensiveReadKilobytesPerSecond"] = $"{KilobytesPerSecond}",
        };
    }

    private sealed class SettingFactory(string key, string value) : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }

    [Fact]
    public async Task AUserWithEveryPlaceTakenIsRefusedWith429AndRetryAfterWhileOthersAreServed()
    {
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        var thread = await LargeThreadAsync(alma, bob);
        var token = await factory.MintTokenAsync(alma);
        await using var first = await SlowReader.OpenAsync(factory.BaseAddress.Port, $"/thread/{thread}", token, bytesPerSecond: 1024);
        await using var second = await SlowReader.OpenAsync(factory.BaseAddress.Port, $"/thread/{thread}", token, bytesPerSecond: 1024);
        using var almaClient = factory.CreateClientWith(token);
        using var bobClient = await factory.CreateUserClientAsync(bob);
        using var service = factory.CreateServiceClient();

        using var third = await almaClient.GetAsync($"/thread/{thread}", HttpCompletionOption.ResponseHeadersRead);
        using var page = await almaClient.GetAsync($"/v1/threads/{thread}/messages?limit=1");
        using var others = await bobClient.GetAsync($"/v1/threads/{thread}/messages?limit=1");
        using var backend = await service.GetAsync($"/v1/threads/{thread}/messages?limit=1");

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        await page.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        Assert.Equal(HttpStatusCode.OK, backend.StatusCode);
    }

    [Fact]
    public async Task AClientThatGoesAwayGivesItsPlaceBack()
    {
        var alma = Names.User("alma");
        var thread = await LargeThreadAsync(alma, Names.User("bob"));
        var token = await factory.MintTokenAsync(alma);
        await using var held = await SlowReader.OpenAsync(factory.BaseAddress.Port, $"/thread/{thread}", token, bytesPerSecond: 1024);
        var leaving = await SlowReader.OpenAsync(factory.BaseAddress.Port, $"/thread/{thread}", token, bytesPerSecond: 1024);
        using var client = factory.CreateClientWith(token);
        using (var refused = await client.GetAsync($"/v1/threads/{thread}/messages?limit=1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        await leaving.DisposeAsync();
        var status = HttpStatusCode.TooManyRequests;
        for (var clock = Stopwatch.StartNew(); status == HttpStatusCode.TooManyRequests && clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
        {
            using var retry = await client.GetAsync($"/v1/threads/{thread}/messages?limit=1");
            status = retry.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task AUsersWholeThreadReadIsPacedToItsByteRateAndTheServiceKeysIsNot()
    {
        var alma = Names.User("alma");
        var thread = await LargeThreadAsync(alma, Names.User("bob"));
        using var user = await factory.CreateUserClientAsync(alma);
        using var service = factory.CreateServiceClient();

        var (userBytes, userTime) = await TimeReadAsync(user, $"/thread/{thread}");
        var (serviceBytes, serviceTime) = await TimeReadAsync(service, $"/thread/{thread}");

        // The bucket starts with two seconds' worth; the rest can go no faster than the rate.
        var floor = TimeSpan.FromSeconds((userBytes / 1024.0 - 2 * KilobytesPerSecond) / KilobytesPerSecond);
        Assert.Equal(serviceBytes, userBytes);
        Assert.True(floor > TimeSpan.FromSeconds(1), $"The thread is too small to show pacing: {userBytes} bytes.");
        Assert.True(userTime >= floor * 0.95, $"{userBytes} bytes took {userTime.TotalSeconds:0.00} s, under the {floor.TotalSeconds:0.00} s the rate allows.");
        Assert.True(serviceTime < floor / 2, $"The service key's read took {serviceTime.TotalSeconds:0.00} s, against the {floor.TotalSeconds:0.00} s pacing would take: it was paced too.");
    }

    [Theory]
    [InlineData("ExpensiveReadsPerPrincipal", "0")]
    [InlineData("ExpensiveReadKilobytesPerSecond", "-1")]
    public void ALimitOutOfRangeStopsStartUpNamingTheSetting(string name, string value)
    {
        using var misconfigured = new SettingFactory($"Parley:Limits:{name}", value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => misconfigured.CreateClient());

        Assert.Contains($"Parley:Limits:{name}", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> LargeThreadAsync(string member, string other)
    {
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(member, other);
        await LargeText.FillAsync(service, thread, other, Messages);
        return thread;
    }

    private static async Task<(long Bytes, TimeSpan Elapsed)> TimeReadAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        return (bytes, clock.Elapsed);
    }
}
