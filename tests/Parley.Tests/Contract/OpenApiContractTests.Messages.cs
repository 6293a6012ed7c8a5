using System.Net;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Contract;

public sealed partial class OpenApiContractTests
{
    [Fact]
    public async Task MessageRoutesAnswerAsDocumented()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = ServiceClient();
        using var almaClient = await UserClientAsync(alma);
        var thread = await almaClient.CreateThreadAsync(bob);
        var messages = $"/v1/threads/{thread}/messages";

        var sent = await ExpectAsync(HttpStatusCode.Created, almaClient.PostJsonAsync(messages, """{"text": "Noon?"}""", "send-1"));
        Assert.Equal(1, sent.GetProperty("seq").GetInt64());
        await ExpectAsync(HttpStatusCode.Created, almaClient.PostJsonAsync(messages, """{"text": "Noon?"}""", "send-1"));
        await ExpectAsync(HttpStatusCode.UnprocessableEntity, almaClient.PostJsonAsync(messages, """{"text": "Later?"}""", "send-1"));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PostJsonAsync(messages, """{"text": "hi"}""", new string('k', 256)));
        await ExpectAsync(HttpStatusCode.Created, service.PostAsync(messages, Json($$"""{"text": "Yes", "username": "{{bob}}"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, service.PostAsync(messages, Json("""{"text": "Yes"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PostAsync(messages, Json("""{"text": "\u0007"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PostAsync(messages, Json("""{"text": 3}""")));
        await ExpectAsync(HttpStatusCode.Forbidden, service.PostAsync(messages, Json($$"""{"text": "hi", "username": "{{Names.User()}}"}""")));
        await ExpectAsync(HttpStatusCode.Forbidden, almaClient.PostAsync(messages, Json($$"""{"text": "hi", "username": "{{bob}}"}""")));
        await ExpectAsync(HttpStatusCode.NotFound, almaClient.PostAsync($"/v1/threads/{NoThread}/messages", Json("""{"text": "hi"}""")));
        await ExpectAsync(HttpStatusCode.UnsupportedMediaType, almaClient.PostAsync(messages, new StringContent("hi")));
        await ExpectAsync(HttpStatusCode.RequestEntityTooLarge, almaClient.PostAsync(messages, Json(Huge())));

        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync(messages));
        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync($"{messages}?limit=1&before_seq=2"));
        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync($"{messages}?limit=1&after_seq=1"));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.GetAsync($"{messages}?before_seq=2&after_seq=1"));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.GetAsync($"{messages}?limit=201"));
        await ExpectAsync(HttpStatusCode.NotFound, almaClient.GetAsync($"/v1/threads/{NoThread}/messages"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.PatchAsync(messages, Json("{}")));

        await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync($"{messages}/1"));
        await ExpectAsync(HttpStatusCode.NotFound, almaClient.GetAsync($"{messages}/99"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.DeleteAsync($"{messages}/1"));

        var read = $"/v1/threads/{thread}/read";
        await ExpectAsync(HttpStatusCode.NoContent, almaClient.PutAsync(read, Json("""{"seq": 1}""")));
        await ExpectAsync(HttpStatusCode.NoContent, service.PutAsync(read, Json($$"""{"seq": 2, "username": "{{bob}}"}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PutAsync(read, Json("""{"seq": -1}""")));
        await ExpectAsync(HttpStatusCode.BadRequest, almaClient.PutAsync(read, Json("""{"seq": "3"}""")));
        await ExpectAsync(HttpStatusCode.Forbidden, service.PutAsync(read, Json($$"""{"seq": 1, "username": "{{Names.User()}}"}""")));
        await ExpectAsync(HttpStatusCode.NotFound, almaClient.PutAsync($"/v1/threads/{NoThread}/read", Json("""{"seq": 1}""")));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.PostAsync(read, Json("""{"seq": 1}""")));

        var listed = await ExpectAsync(HttpStatusCode.OK, almaClient.GetAsync("/v1/threads"));
        Assert.Equal(1, listed.GetProperty("threads")[0].GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task RateLimitedRequestsAnswerAsDocumented()
    {
        using var limited = new LimitedFactory();
        using var user = ClientOf(limited, await limited.MintTokenAsync(Names.User()));
        using var anonymous = ClientOf(limited, null);
        Assert.True(await SendUntilRefusedAsync(() => user.GetAsync("/v1/threads")), "a user's requests were never limited");
        Assert.True(await SendUntilRefusedAsync(() => anonymous.PostAsync("/v1/dev/tokens", Json("""{"username": "alma"}"""))),
            "development tokens were never limited");
    }

    [Fact]
    public async Task UnavailableDatabaseAnswersAsDocumented()
    {
        using var broken = new UnavailableFactory();
        using var service = ClientOf(broken, ParleyFactory.ServiceKey);
        using var anonymous = ClientOf(broken, null);
        using var refused = await service.PostAsync("/v1/threads", Json("""{"users": ["alma", "bob"]}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        using var unready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
    }

    // Each request goes through the validating client, so every answer on the way is checked too.
    private static async Task<bool> SendUntilRefusedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            using var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return true;
            }
        }

        return false;
    }

    public sealed class LimitedFactory : ContractFactory
    {
        protected override IReadOnlyDictionary<string, string?> Extra => new Dictionary<string, string?>
        {
            ["Parley:RateLimit:PermitsPerSecond"] = "1",
            ["Parley:RateLimit:Burst"] = "2",
        };
    }

    /// <summary>
    /// A database that does not answer: on SQLite one without its schema, whose every query
    /// fails; on PostgreSQL a port where nothing listens.
    /// </summary>
    public sealed class UnavailableFactory : ContractFactory
    {
        protected override IReadOnlyDictionary<string, string?> Extra => PostgresDatabase is null
            ? new Dictionary<string, string?>
            {
                // A directory of this test's own where the database file should be: SQLite
                // cannot open it.
                ["Parley:Database:AutoMigrate"] = "false",
                ["Parley:Database:ConnectionString"] = $"Data Source={Directory.CreateTempSubdirectory("parley-not-a-db-").FullName}",
            }
            : new Dictionary<string, string?>
            {
                ["Parley:Database:AutoMigrate"] = "false",
                ["Parley:Database:ConnectionString"] = "Host=127.0.0.1;Port=9;Username=postgres;Database=parley;Timeout=2",
            };
    }
}
