using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>The seed routes answer byte for byte as the original service did, over the v1 API's threads.</summary>
public sealed class SeedShapesTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private const string UuidV7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    [Fact]
    public async Task CreatingAnswersCreatedWithOnlyTheThreadId()
    {
        using var service = factory.CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/thread", new { users = new[] { Names.User(), Names.User() } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        Assert.Matches($"^{{\"thread_id\":\"{UuidV7}\"}}$", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostingAnswersNoContentWithAnEmptyBody()
    {
        using var service = factory.CreateServiceClient();
        var member = Names.User();
        var thread = await service.CreateThreadAsync(member, Names.User());
        using var response = await service.PostAsJsonAsync($"/thread/{thread}/{member}", new { message = "hi" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task ReadingAnswersUsernameAndMessageOnlyOldestFirst()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        await service.PostAsJsonAsync($"/thread/{thread}/{alma}", new { message = "hi" });
        await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "hello\nthere" });

        using var response = await service.GetAsync($"/thread/{thread}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            $$"""{"messages":[{"username":"{{alma}}","message":"hi"},{"username":"{{bob}}","message":"hello\nthere"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadingAnEmptyThreadAnswersNoMessages()
    {
        using var service = factory.CreateServiceClient();
        var thread = await service.CreateThreadAsync(Names.User(), Names.User());
        using var response = await service.GetAsync($"/thread/{thread}");
        Assert.Equal("""{"messages":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadingReturnsTextExactlyAsSent()
    {
        using var service = factory.CreateServiceClient();
        var member = Names.User();
        var thread = await service.CreateThreadAsync(member, Names.User());
        const string text = "  \"quoted\" <b>&</b> é 👨\u200D👩\u200D👧\u200D👦 \\ \t end  ";
        await service.PostAsJsonAsync($"/thread/{thread}/{member}", new { message = text });

        using var response = await service.GetAsync($"/thread/{thread}");
        var message = Assert.Single((await response.ReadJsonAsync()).GetProperty("messages").EnumerateArray());
        Assert.Equal(text, message.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SeedThreadIsAV1Thread()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        using var created = await service.PostAsJsonAsync("/thread", new { users = new[] { alma.ToUpperInvariant(), bob } });
        var thread = (await created.ReadJsonAsync()).GetProperty("thread_id").GetString();

        using var response = await service.GetAsync($"/v1/threads/{thread}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal([alma, bob], body.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("title").ValueKind);
    }

    [Fact]
    public async Task SeedAndV1MessagesShareOneSeqSequence()
    {
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(thread, "one", alma);
        using (var seed = await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "two" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, seed.StatusCode);
        }

        var third = await service.SendAsync(thread, "three", alma);
        Assert.Equal(3, third.GetProperty("seq").GetInt64());

        using var page = await service.GetAsync($"/v1/threads/{thread}/messages");
        var v1 = (await page.ReadJsonAsync()).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L], v1.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(["one", "two", "three"], v1.Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(bob, v1[1].GetProperty("username").GetString());

        using var all = await service.GetAsync($"/thread/{thread}");
        var seedView = (await all.ReadJsonAsync()).GetProperty("messages").EnumerateArray();
        Assert.Equal(["one", "two", "three"], seedView.Select(m => m.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ReadingStreamsAThreadOfThousandsOfMessagesInSeqOrder()
    {
        const int count = 3000;
        using var service = factory.CreateServiceClient();
        var (alma, bob) = (Names.User(), Names.User());
        var thread = Guid.Parse(await service.CreateThreadAsync(alma, bob));
        var store = factory.Services.GetRequiredService<IParleyStore>();
        var filler = new string('é', 200);
        for (var start = 0; start < count; start += 100)
        {
            await Task.WhenAll(Enumerable.Range(start, 100).Select(i => store.AppendMessageAsync(
                new NewMessage(Guid.CreateVersion7(), thread, i % 2 == 0 ? alma : bob, $"{i} {filler}", DateTimeOffset.UtcNow), null, default)));
        }

        var expected = new List<(string?, string?)>();
        for (long after = 0; expected.Count < count; after += 200)
        {
            using var page = await service.GetAsync($"/v1/threads/{thread}/messages?after_seq={after}&limit=200");
            expected.AddRange((await page.ReadJsonAsync()).GetProperty("messages").EnumerateArray()
                .Select(m => (m.GetProperty("username").GetString(), m.GetProperty("text").GetString())));
        }

        using var response = await service.GetAsync($"/thread/{thread}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var body = await JsonDocument.ParseAsync(stream);
        var streamed = body.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("username").GetString(), m.GetProperty("message").GetString())).ToList();
        Assert.Equal(count, streamed.Count);
        Assert.Equal(expected, streamed);
        Assert.Equal(count, streamed.Select(m => m.Item2).Distinct().Count());
    }
}
