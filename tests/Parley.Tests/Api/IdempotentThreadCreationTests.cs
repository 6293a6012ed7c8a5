using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class IdempotentThreadCreationTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static string Key() => $"key-{Guid.NewGuid()}";

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string key, string[] users, string? title = null) =>
        client.PostJsonAsync("/v1/threads", JsonSerializer.Serialize(new { users, title }), key);

    private static async Task<string> IdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<int> ThreadCountAsync(HttpClient client) =>
        (await client.GetOkAsync("/v1/threads")).GetProperty("threads").GetArrayLength();

    [Fact]
    public async Task RepeatedCreateReturnsTheSameThreadAndCreatesNoOther()
    {
        var bob = Names.User();
        using var client = await factory.CreateUserClientAsync(Names.User());
        var key = Key();

        using var first = await CreateAsync(client, key, [bob], "Lunch");
        using var repeat = await CreateAsync(client, key, [bob], "Lunch");

        Assert.Equal(await IdAsync(first), await IdAsync(repeat));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(1, await ThreadCountAsync(client));
    }

    [Fact]
    public async Task RepeatNamingTheSameUsersDifferentlyIsTheSameRequest()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        var key = Key();

        using var first = await CreateAsync(client, key, [bob]);
        using var repeat = await CreateAsync(client, key, [bob.ToUpperInvariant(), bob, alma]);

        Assert.Equal(await IdAsync(first), await IdAsync(repeat));
    }

    [Fact]
    public async Task SameKeyWithOtherUsersOrTitleIsUnprocessable()
    {
        var bob = Names.User();
        using var client = await factory.CreateUserClientAsync(Names.User());
        var key = Key();

        using var first = await CreateAsync(client, key, [bob], "Lunch");
        using var otherUsers = await CreateAsync(client, key, [bob, Names.User()], "Lunch");
        using var otherTitle = await CreateAsync(client, key, [bob], "Dinner");
        using var noTitle = await CreateAsync(client, key, [bob]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherUsers.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherTitle.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTitle.StatusCode);
        Assert.Equal(1, await ThreadCountAsync(client));
    }

    [Fact]
    public async Task KeyUsedForAThreadCannotThenSendAMessage()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var key = Key();
        var threadId = await IdAsync(await CreateAsync(client, key, [Names.User()]));

        using var send = await client.SendWithKeyAsync(threadId, "hi", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, send.StatusCode);
    }

    [Fact]
    public async Task ServiceKeyAndUserKeepSeparateKeys()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var client = await factory.CreateUserClientAsync(alma);
        using var service = factory.CreateServiceClient();
        var key = Key();

        var byAlma = await IdAsync(await CreateAsync(client, key, [alma, bob]));
        var byService = await IdAsync(await CreateAsync(service, key, [alma, bob]));

        Assert.NotEqual(byAlma, byService);
        Assert.Equal(2, await ThreadCountAsync(client));
    }

    [Fact]
    public async Task BadKeyIsRejectedAndCreatesNothing()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());

        using var response = await CreateAsync(client, new string('k', 256), [Names.User()]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], await response.ErrorFieldsAsync());
        Assert.Equal(0, await ThreadCountAsync(client));
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneKeyCreateExactlyOneThread()
    {
        var bob = Names.User();
        using var client = await factory.CreateUserClientAsync(Names.User());
        var key = Key();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CreateAsync(client, key, [bob])));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                ids.Add(await IdAsync(response));
            }

            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Equal(1, await ThreadCountAsync(client));
    }
}
