using System.Net;
using System.Text.Json;
using CsCheck;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// Random users and threads; then every user reads every thread through every reading route
/// (v1 REST, the seed route, both event streams). A user sees exactly the messages of the
/// threads they are in, and nothing of any other.
/// </summary>
public sealed class IsolationTests(KestrelParleyFactory factory, ITestOutputHelper output) : IClassFixture<KestrelParleyFactory>
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("PARLEY_ISOLATION_ITERATIONS"), out var n) && n > 0 ? n : 4;

    private int _requests;
    private int _messagesChecked;
    private int _crossThreadReads;

    [Fact]
    public async Task NoRouteEverShowsAUserAMessageFromAThreadTheyAreNotIn()
    {
        var samples = 0;
        var users = 0;
        var threads = 0;
        using var anonymous = factory.CreateClient();
        await IsolationScenario.Gen.SampleAsync(async sample =>
        {
            var scenario = new IsolationScenario();
            try
            {
                await scenario.CreateUsersAsync(factory, sample.Users);
                var streams = new Dictionary<string, SseClient>();
                foreach (var (user, i) in scenario.Users.Select((u, i) => (u, i)))
                {
                    // Half by header, half by ?access_token= as a browser's EventSource would.
                    streams[user] = i % 2 == 0
                        ? await SseClient.OpenAsync(scenario.Clients[user], "/v1/events")
                        : await SseClient.OpenAsync(anonymous, $"/v1/events?access_token={scenario.Tokens[user]}");
                }

                using var service = factory.CreateServiceClient();
                await scenario.CreateThreadsAsync(service, sample.Members, sample.Senders);
                // A last thread with everyone: its announcement comes after every earlier event.
                var barrier = await service.CreateThreadAsync([.. scenario.Users]);
                foreach (var user in scenario.Users)
                {
                    await CheckUserStreamAsync(scenario, user, streams[user], barrier);
                    await streams[user].DisposeAsync();
                    await CheckListAsync(scenario, user);
                    foreach (var thread in scenario.Threads.Keys)
                    {
                        await CheckThreadAsync(scenario, user, thread);
                    }
                }

                Interlocked.Increment(ref samples);
                Interlocked.Add(ref users, sample.Users);
                Interlocked.Add(ref threads, sample.Members.Length);
            }
            finally
            {
                scenario.Dispose();
            }
        }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("PARLEY_ISOLATION_SEED"));

        Figures.Report(output, "isolation", $"{samples} random scenarios, {users} users, {threads} threads: {_requests} reads "
            + $"returned {_messagesChecked} messages; cross-thread reads seen={_crossThreadReads}");
        Assert.Equal(0, _crossThreadReads);
    }

    private async Task CheckUserStreamAsync(IsolationScenario scenario, string user, SseClient stream, string barrier)
    {
        var expected = scenario.Threads.Where(t => t.Value.Contains(user)).Sum(t => scenario.Texts[t.Key].Count);
        var messages = 0;
        while (await stream.NextAsync() is { } item)
        {
            using var data = JsonDocument.Parse(item.Data);
            if (item.EventType == "thread")
            {
                var id = data.RootElement.GetProperty("id").GetString()!;
                Assert.Contains(user, data.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
                if (id == barrier)
                {
                    break;
                }

                continue;
            }

            messages++;
            CountMessage(scenario, user, data.RootElement, requestedThread: null);
        }

        Assert.Equal(expected, messages);
    }

    private async Task CheckListAsync(IsolationScenario scenario, string user)
    {
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(scenario.Clients[user], $"/v1/threads?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            foreach (var thread in page!.Value.GetProperty("threads").EnumerateArray())
            {
                listed.Add(thread.GetProperty("id").GetString()!);
                if (thread.GetProperty("last_message") is { ValueKind: JsonValueKind.Object } last)
                {
                    CountMessage(scenario, user, last, thread.GetProperty("id").GetString());
                }
            }

            cursor = page.Value.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        var mine = scenario.Threads.Where(t => t.Value.Contains(user)).Select(t => t.Key);
        _crossThreadReads += listed.Except(mine).Count(id => scenario.Threads.ContainsKey(id));
    }

    private async Task CheckThreadAsync(IsolationScenario scenario, string user, string thread)
    {
        var client = scenario.Clients[user];
        var member = scenario.Threads[thread].Contains(user);
        var count = scenario.Texts[thread].Count;
        var paths = new List<string>
        {
            $"/v1/threads/{thread}", $"/v1/threads/{thread}/messages", $"/v1/threads/{thread}/messages?after_seq=0&limit=2",
            $"/v1/threads/{thread}/messages?before_seq={count + 1}&limit=2", $"/thread/{thread}",
        };
        paths.AddRange(Enumerable.Range(1, member ? count : Math.Max(count, 1)).Select(seq => $"/v1/threads/{thread}/messages/{seq}"));
        foreach (var path in paths)
        {
            var body = await GetAsync(client, path, expectNotFound: !member);
            if (body is not { } json)
            {
                continue;
            }

            if (!member)
            {
                _crossThreadReads++;
            }

            var messages = path.StartsWith("/thread/", StringComparison.Ordinal) ? json.GetProperty("messages").EnumerateArray().ToList()
                : json.TryGetProperty("messages", out var page) ? page.EnumerateArray().ToList()
                : json.TryGetProperty("last_message", out var last) ? (last.ValueKind == JsonValueKind.Object ? [last] : [])
                : [json];
            messages.ForEach(m => CountMessage(scenario, user, m, thread));
        }

        // The thread's own stream, replayed from the start.
        if (!member)
        {
            _requests++;
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => SseClient.OpenAsync(client, $"/v1/threads/{thread}/events?after_seq=0"));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            return;
        }

        _requests++;
        await using var stream = await SseClient.OpenAsync(client, $"/v1/threads/{thread}/events?after_seq=0");
        for (var i = 0; i < count && await stream.NextAsync() is { } item; i++)
        {
            using var data = JsonDocument.Parse(item.Data);
            CountMessage(scenario, user, data.RootElement, thread);
        }
    }

    private async Task<JsonElement?> GetAsync(HttpClient client, string path, bool expectNotFound = false)
    {
        _requests++;
        using var response = await client.GetAsync(path);
        if (expectNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.ReadJsonAsync();
    }

    /// <summary>A message the user was shown: it must come from a thread of theirs, and the one asked for.</summary>
    private void CountMessage(IsolationScenario scenario, string user, JsonElement message, string? requestedThread)
    {
        _messagesChecked++;
        var text = message.TryGetProperty("text", out var t) ? t.GetString()! : message.GetProperty("message").GetString()!;
        var thread = message.TryGetProperty("thread_id", out var id) ? id.GetString()! : IsolationScenario.ThreadOf(text);
        if (IsolationScenario.ThreadOf(text) != thread || !scenario.Threads.TryGetValue(thread, out var members) || !members.Contains(user)
            || (requestedThread is not null && thread != requestedThread))
        {
            _crossThreadReads++;
        }
    }
}
