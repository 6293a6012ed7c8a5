using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class IdempotencyTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static string Key() => $"key-{Guid.NewGuid()}";

    private static async Task<long> LastSeqAsync(HttpClient client, string threadId) =>
        (await client.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("last_seq").GetInt64();

    [Fact]
    public async Task RepeatedSendReturnsTheOriginalMessageAndStoresNothingNew()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());
        var key = Key();

        using var first = await client.SendWithKeyAsync(threadId, "once", key);
        using var repeat = await client.SendWithKeyAsync(threadId, "once", key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetRawText(), (await repeat.ReadJsonAsync()).GetRawText());
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(1, await LastSeqAsync(client, threadId));
    }

    [Fact]
    public async Task RepeatWithReorderedAndRespacedJsonIsTheSameRequest()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());
        var key = Key();
        var url = $"/v1/threads/{threadId}/messages";

        using var first = await client.PostJsonAsync(url, """{"text":"same","username":null}""", key);
        using var repeat = await client.PostJsonAsync(url, """{ "username" : null ,  "text" : "same" }""", key);

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(1, (await repeat.ReadJsonAsync()).GetProperty("seq").GetInt64());
        Assert.Equal(1, await LastSeqAsync(client, threadId));
    }

    [Fact]
    public async Task SameKeyWithDifferentTextIsUnprocessable()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());
        var key = Key();

        await client.SendWithKeyAsync(threadId, "first", key);
        using var different = await client.SendWithKeyAsync(threadId, "second", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await LastSeqAsync(client, threadId));
    }

    [Fact]
    public async Task SameKeyOnAnotherThreadIsADifferentRequest()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var (first, second) = (await client.CreateThreadAsync(Names.User()), await client.CreateThreadAsync(Names.User()));
        var key = Key();

        await client.SendWithKeyAsync(first, "hi", key);
        using var elsewhere = await client.SendWithKeyAsync(second, "hi", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        Assert.Equal(0, await LastSeqAsync(client, second));
    }

    [Fact]
    public async Task KeysAreScopedPerPrincipal()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var almaClient = await factory.CreateUserClientAsync(alma);
        using var bobClient = await factory.CreateUserClientAsync(bob);
        using var service = factory.CreateServiceClient();
        var threadId = await almaClient.CreateThreadAsync(bob);
        var key = Key();

        using var fromAlma = await almaClient.SendWithKeyAsync(threadId, "hi", key);
        using var fromBob = await bobClient.SendWithKeyAsync(threadId, "hi", key);
        using var fromService = await service.SendWithKeyAsync(threadId, "hi", key, alma);

        Assert.Equal(1, (await fromAlma.ReadJsonAsync()).GetProperty("seq").GetInt64());
        Assert.Equal(2, (await fromBob.ReadJsonAsync()).GetProperty("seq").GetInt64());
        Assert.Equal(3, (await fromService.ReadJsonAsync()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task ServiceKeyRepeatAsAnotherSenderIsADifferentRequest()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        var key = Key();

        await service.SendWithKeyAsync(threadId, "hi", key, alma);
        using var asBob = await service.SendWithKeyAsync(threadId, "hi", key, bob);
        using var asAlmaAgain = await service.SendWithKeyAsync(threadId, "hi", key, alma.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asBob.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asAlmaAgain.StatusCode);
        Assert.Equal(1, await LastSeqAsync(service, threadId));
    }

    // An empty header value does not survive the in-memory client; Kestrel answers it with 400 too.
    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("tab\tinside")]
    [InlineData(null)]
    public async Task KeyThatIsNotOneToTwoHundredFiftyFivePrintableAsciiIsRejected(string? key)
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.SendWithKeyAsync(threadId, "hi", key ?? new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], await response.ErrorFieldsAsync());
        Assert.Equal(0, await LastSeqAsync(client, threadId));
    }

    [Fact]
    public async Task KeyOfTwoHundredFiftyFivePrintableCharactersIsAccepted()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());

        using var response = await client.SendWithKeyAsync(threadId, "hi", "a !~" + new string('k', 251));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneKeyCreateExactlyOneMessage()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var threadId = await client.CreateThreadAsync(Names.User());
        var key = Key();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendWithKeyAsync(threadId, "once", key)));

        var seqs = new HashSet<long>();
        foreach (var response in responses)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                seqs.Add((await response.ReadJsonAsync()).GetProperty("seq").GetInt64());
            }

            response.Dispose();
        }

        Assert.Equal([1L], seqs);
        Assert.Equal(1, await LastSeqAsync(client, threadId));
    }
}
