using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Compat;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>
/// The seed-compatible GET keeps recently read thread bodies (1 MB here, so bodies up to 64 KB)
/// and adds only newer messages to them: what it answers is always the whole thread, byte for byte.
/// </summary>
public sealed class SeedBodyCacheTests(SeedBodyCacheTests.SmallCacheFactory factory) : IClassFixture<SeedBodyCacheTests.SmallCacheFactory>
{
    [Fact]
    public async Task MessagesSentAfterAReadFollowTheEarlierOnesOnTheNextRead()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        await service.PostAsJsonAsync($"/thread/{thread}/{alma}", new { message = "one" });
        Assert.Equal($$"""{"messages":[{"username":"{{alma}}","message":"one"}]}""", await ReadAsync(service, thread));

        await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "two" });
        await service.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { username = alma, text = "three" });
        var expected = $$"""{"messages":[{"username":"{{alma}}","message":"one"},{"username":"{{bob}}","message":"two"},{"username":"{{alma}}","message":"three"}]}""";
        Assert.Equal(expected, await ReadAsync(service, thread));
        Assert.Equal(expected, await ReadAsync(service, thread));
    }

    [Fact]
    public async Task AKeptBodyAnswersTheSameBytesAsTheStore()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        string[] texts = ["plain", "quote \" and \\ backslash", "<script>&'", "é ß 中文", "👩‍👩‍👧 🇺🇦", "tab\tnew\nline"];
        foreach (var text in texts)
        {
            await service.PostAsJsonAsync($"/thread/{thread}/{alma}", new { message = text });
        }

        var fromStore = await ReadAsync(service, thread);
        var kept = factory.Services.GetRequiredService<SeedBodyCache>().Find(Guid.Parse(thread));
        Assert.Equal(texts.Length, kept.LastSeq);
        Assert.Equal(fromStore, $$"""{"messages":[{{Encoding.UTF8.GetString(kept.Items.Span)}}]}""");

        var fromCache = await ReadAsync(service, thread);
        Assert.Equal(fromStore, fromCache);
        Assert.Equal(texts, Messages(fromCache).Select(m => m.Text));
    }

    [Fact]
    public async Task AThreadTooLongToKeepIsStillReadWholeEveryTime()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        await FillAsync(Guid.Parse(thread), alma, count: 400); // about 90 KB of JSON: more than 64 KB

        var first = Messages(await ReadAsync(service, thread));
        await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "last" });
        var second = Messages(await ReadAsync(service, thread));

        Assert.Equal(400, first.Count);
        Assert.Equal([.. first, (bob, "last")], second);
    }

    [Fact]
    public async Task ConcurrentReadsOfAGrowingThreadEachSeeAGaplessPrefix()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                await service.PostAsJsonAsync($"/thread/{thread}/{alma}", new { message = $"{i}" });
            }
        });
        var reads = new List<IReadOnlyList<(string? User, string? Text)>>();
        while (!writer.IsCompleted)
        {
            reads.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => Messages(await ReadAsync(service, thread)))));
        }

        await writer;
        reads.Add(Messages(await ReadAsync(service, thread)));
        Assert.All(reads, read => Assert.Equal(Enumerable.Range(0, read.Count).Select(i => $"{i}"), read.Select(m => m.Text)));
        Assert.Equal(60, reads[^1].Count);
    }

    private async Task FillAsync(Guid thread, string sender, int count)
    {
        var store = factory.Services.GetRequiredService<IParleyStore>();
        var filler = new string('x', 200);
        for (var i = 0; i < count; i++)
        {
            await store.AppendMessageAsync(new NewMessage(Guid.CreateVersion7(), thread, sender, $"{i} {filler}", DateTimeOffset.UtcNow), null, default);
        }
    }

    private static async Task<string> ReadAsync(HttpClient service, string thread)
    {
        using var response = await service.GetAsync($"/thread/{thread}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static List<(string? User, string? Text)> Messages(string body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("username").GetString(), m.GetProperty("message").GetString()))];
    }

    public sealed class SmallCacheFactory : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:Compat:BodyCacheMegabytes"] = "1",
        };
    }
}
