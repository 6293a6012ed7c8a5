using System.Net.Http.Json;
using CsCheck;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// A random set of users, threads among them and messages in those threads, made through every
/// writing route (v1 with a user token, v1 with the service key, the seed route). Each message's
/// text names its thread, so a message read from the wrong thread is recognisable anywhere.
/// </summary>
internal sealed class IsolationScenario
{
    /// <summary>Per thread: member indexes; per thread: the sender index of each message.</summary>
    public static readonly Gen<(int Users, int[][] Members, int[][] Senders)> Gen =
        from users in CsCheck.Gen.Int[5, 9]
        from members in CsCheck.Gen.Int[0, users - 1].ArrayUnique[2, 4].Array[4, 7]
        from senders in CsCheck.Gen.Int[0, 3].Array[0, 5].Array[members.Length]
        select (users, members, senders.Select((s, t) => s.Select(i => members[t][i % members[t].Length]).ToArray()).ToArray());

    public List<string> Users { get; } = [];

    public Dictionary<string, HttpClient> Clients { get; } = [];

    public Dictionary<string, string> Tokens { get; } = [];

    /// <summary>Thread id → its members.</summary>
    public Dictionary<string, HashSet<string>> Threads { get; } = [];

    /// <summary>Thread id → texts sent to it, in order.</summary>
    public Dictionary<string, List<string>> Texts { get; } = [];

    public static string TextFor(string thread, int n) => $"in {thread} number {n}";

    /// <summary>The thread a message text says it belongs to.</summary>
    public static string ThreadOf(string text) => text.Split(' ')[1];

    public async Task CreateUsersAsync(ParleyFactory factory, int count)
    {
        for (var u = 0; u < count; u++)
        {
            var name = Names.User("iso");
            Users.Add(name);
            Tokens[name] = await factory.MintTokenAsync(name);
            Clients[name] = factory.CreateClientWith(Tokens[name]);
        }
    }

    public async Task CreateThreadsAsync(HttpClient service, int[][] members, int[][] senders)
    {
        for (var t = 0; t < members.Length; t++)
        {
            var names = members[t].Select(i => Users[i]).ToArray();
            // Alternate the creating route: a member's token, the service key, the seed route.
            var creator = Clients[names[0]];
            string id = (t % 3) switch
            {
                0 => await creator.CreateThreadAsync(names),
                1 => await service.CreateThreadAsync(names),
                _ => (await (await service.PostAsJsonAsync("/thread", new { users = names })).ReadJsonAsync()).GetProperty("thread_id").GetString()!,
            };
            Threads[id] = [.. names];
            Texts[id] = [];
            for (var n = 0; n < senders[t].Length; n++)
            {
                var sender = Users[senders[t][n]];
                var text = TextFor(id, n);
                Texts[id].Add(text);
                switch (n % 3)
                {
                    case 0:
                        await Clients[sender].SendAsync(id, text);
                        break;
                    case 1:
                        await service.SendAsync(id, text, sender);
                        break;
                    default:
                        using (var seed = await Clients[sender].PostAsJsonAsync($"/thread/{id}/{sender}", new { message = text }))
                        {
                            seed.EnsureSuccessStatusCode();
                        }

                        break;
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }
    }
}
