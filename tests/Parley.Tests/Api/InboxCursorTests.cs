using System.Buffers.Binary;
using Microsoft.IdentityModel.Tokens;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

/// <summary>
/// A thread list cursor is tamper-evident: only one the server issued, for the same user's list,
/// is read as a position; anything else that decodes is 400, <c>errors.cursor</c>.
/// </summary>
public sealed class InboxCursorTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public async Task AForged24ByteCursorIsBadRequest()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var first = await client.CreateThreadAsync(Names.User());
        await client.CreateThreadAsync(Names.User());

        // The old layout: activity time, then the thread id; it names a real position.
        var forged = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(forged, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds());
        Guid.Parse(first).TryWriteBytes(forged.AsSpan(8), bigEndian: true, out _);
        using var response = await client.GetAsync($"/v1/threads?cursor={Base64UrlEncoder.Encode(forged)}", Cancelled);

        await response.AssertInvalidAsync("cursor");
    }

    [Fact]
    public async Task AnIssuedCursorWithOneBitChangedIsBadRequest()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        await CreateThreadsAsync(client, 3);
        var cursor = await FirstCursorAsync(client);

        var bytes = Base64UrlEncoder.DecodeBytes(cursor);
        for (var bit = 0; bit < bytes.Length * 8; bit += 37)
        {
            var changed = (byte[])bytes.Clone();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));
            using var response = await client.GetAsync($"/v1/threads?limit=1&cursor={Base64UrlEncoder.Encode(changed)}", Cancelled);
            await response.AssertInvalidAsync("cursor");
        }
    }

    [Fact]
    public async Task ACursorIssuedForAnotherUsersListIsBadRequest()
    {
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        using var service = factory.CreateServiceClient();
        for (var i = 0; i < 3; i++)
        {
            await service.CreateThreadAsync(alma, bob);
        }

        var almas = (await service.GetOkAsync($"/v1/threads?limit=1&user={alma}")).GetProperty("next_cursor").GetString();
        using var asBob = await service.GetAsync($"/v1/threads?limit=1&user={bob}&cursor={almas}", Cancelled);
        using var almaClient = await factory.CreateUserClientAsync(alma);
        var asAlma = await almaClient.GetOkAsync($"/v1/threads?limit=1&cursor={almas}");

        await asBob.AssertInvalidAsync("cursor");
        Assert.Single(asAlma.GetProperty("threads").EnumerateArray());
    }

    [Fact]
    public async Task AnIssuedCursorLeadsToTheNextPage()
    {
        using var client = await factory.CreateUserClientAsync(Names.User());
        var ids = await CreateThreadsAsync(client, 2);

        var next = await client.GetOkAsync($"/v1/threads?limit=1&cursor={await FirstCursorAsync(client)}");

        Assert.Equal(ids[0], next.GetProperty("threads")[0].GetProperty("id").GetString());
    }

    private static async Task<string> FirstCursorAsync(HttpClient client) =>
        (await client.GetOkAsync("/v1/threads?limit=1")).GetProperty("next_cursor").GetString()
        ?? throw new InvalidOperationException("The first page has no next_cursor.");

    private static async Task<List<string>> CreateThreadsAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await client.CreateThreadAsync(Names.User()));
        }

        return ids;
    }
}
