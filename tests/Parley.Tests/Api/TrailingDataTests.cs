using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>A body is one JSON value: anything but whitespace after it is 400, and nothing is stored.</summary>
public sealed class TrailingDataTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    public static TheoryData<string> Trailers => new()
    {
        " garbage",
        """{"text": "second"}""",
        """{"message": "second", "users": ["x", "y"]}""",
        "\n,",
        "]",
        "}",
        " null",
        "\u00A0", // a no-break space is not JSON whitespace
    };

    [Theory]
    [MemberData(nameof(Trailers))]
    public async Task DataAfterTheValueIsBadRequestOnEveryBodyRouteAndNothingIsStored(string trailer)
    {
        var alma = Names.User("alma");
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(Names.User("bob"));
        var bob = Names.User();

        using var send = await client.PostJsonAsync($"/v1/threads/{thread}/messages", """{"text": "first"}""" + trailer);
        using var seed = await client.PostJsonAsync($"/thread/{thread}/{alma}", """{"message": "first"}""" + trailer);
        using var create = await client.PostJsonAsync("/v1/threads", $$"""{"users": ["{{bob}}"]}""" + trailer);
        using var seedCreate = await client.PostJsonAsync("/thread", $$"""{"users": ["{{bob}}"]}""" + trailer);
        using var read = await client.PutJsonAsync($"/v1/threads/{thread}/read", """{"seq": 0}""" + trailer);

        foreach (var response in new[] { send, seed, create, seedCreate, read })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.StartsWith("The body is not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
        Assert.Equal(1, (await client.GetOkAsync("/v1/threads")).GetProperty("threads").GetArrayLength());
    }

    [Fact]
    public async Task TheTokenRouteRefusesDataAfterTheValueToo()
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/tokens", $$"""{"username": "{{Names.User()}}"} garbage""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData(" \r\n\t ")]
    public async Task WhitespaceAfterTheValueIsFine(string trailer)
    {
        var alma = Names.User("alma");
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(Names.User("bob"));

        using var send = await client.PostJsonAsync($"/v1/threads/{thread}/messages", """{"text": "first"}""" + trailer);
        using var seed = await client.PostJsonAsync($"/thread/{thread}/{alma}", """{"message": "second"}""" + trailer);

        Assert.Equal(HttpStatusCode.Created, send.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, seed.StatusCode);
        Assert.Equal(2, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }
}
