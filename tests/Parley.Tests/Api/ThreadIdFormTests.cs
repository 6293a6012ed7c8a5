using System.Net;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

/// <summary>
/// Only the exact form the server returned (lower case, dashed) names a thread. Upper case,
/// braces, bare digits or padding parse to the same Guid in .NET, but answer 404 on every route.
/// </summary>
public sealed class ThreadIdFormTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    public static TheoryData<string> OtherForms => new()
    {
        "upper",
        "braces",
        "parentheses",
        "bare",
        "padded",
        "first-letter-upper",
    };

    [Theory]
    [MemberData(nameof(OtherForms))]
    public async Task AnotherFormOfTheIdIsNotFoundOnEveryRouteAndStoresNothing(string form)
    {
        var alma = Names.User("alma");
        using var client = await factory.CreateUserClientAsync(alma);
        var thread = await client.CreateThreadAsync(Names.User("bob"));
        await client.SendAsync(thread, "hello");
        var other = Uri.EscapeDataString(Reform(thread, form));

        using var get = await client.GetAsync($"/v1/threads/{other}", Cancelled);
        using var page = await client.GetAsync($"/v1/threads/{other}/messages", Cancelled);
        using var one = await client.GetAsync($"/v1/threads/{other}/messages/1", Cancelled);
        using var send = await client.PostJsonAsync($"/v1/threads/{other}/messages", """{"text": "again"}""");
        using var read = await client.PutJsonAsync($"/v1/threads/{other}/read", """{"seq": 1}""");
        using var seedGet = await client.GetAsync($"/thread/{other}", Cancelled);
        using var seedPost = await client.PostJsonAsync($"/thread/{other}/{alma}", """{"message": "again"}""");
        using var events = await client.GetAsync($"/v1/threads/{other}/events", HttpCompletionOption.ResponseHeadersRead, Cancelled);

        foreach (var response in new[] { get, page, one, send, read, seedGet, seedPost, events })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(1, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public async Task TheExactFormNamesTheThread()
    {
        using var client = await factory.CreateUserClientAsync(Names.User("alma"));
        var thread = await client.CreateThreadAsync(Names.User("bob"));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", thread);
        Assert.Equal(thread, (await client.GetOkAsync($"/v1/threads/{thread}")).GetProperty("id").GetString());
    }

    private static string Reform(string id, string form) => form switch
    {
        "upper" => id.ToUpperInvariant(),
        "braces" => "{" + id + "}",
        "parentheses" => "(" + id + ")",
        "bare" => id.Replace("-", "", StringComparison.Ordinal),
        "padded" => " " + id + " ",
        "first-letter-upper" => UpperFirstLetter(id),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    private static string UpperFirstLetter(string id)
    {
        var at = id.IndexOfAny(['a', 'b', 'c', 'd', 'e', 'f']);
        return id[..at] + char.ToUpperInvariant(id[at]) + id[(at + 1)..];
    }
}
