using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ConcurrencyTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private const int Writers = 8;
    private const int MessagesPerWriter = 200;

    private static async Task<List<JsonElement>> ReadAllAfterSeqAsync(HttpClient client, string threadId)
    {
        var all = new List<JsonElement>();
        var hasMore = true;
        while (hasMore)
        {
            var page = await client.GetOkAsync($"/v1/threads/{threadId}/messages?limit=200&after_seq={all.Count}");
            var messages = page.GetProperty("messages").EnumerateArray().ToList();
            Assert.NotEmpty(messages);
            Assert.Equal(all.Count + 1, messages[0].GetProperty("seq").GetInt64());
            all.AddRange(messages);
            hasMore = page.GetProperty("has_more").GetBoolean();
        }

        return all;
    }

    [Fact]
    public async Task ConcurrentWritersGetSeqsOneToNWithoutGapsOrRepeats()
    {
        var writers = Enumerable.Range(0, Writers).Select(_ => Names.User()).ToArray();
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(writers);
        var clients = await Task.WhenAll(writers.Select(factory.CreateUserClientAsync));

        await Task.WhenAll(clients.Select(async (client, w) =>
        {
            for (var i = 0; i < MessagesPerWriter; i++)
            {
                await client.SendAsync(threadId, $"{w}:{i}");
            }
        }));

        var all = await ReadAllAfterSeqAsync(service, threadId);
        Assert.Equal(Enumerable.Range(1, Writers * MessagesPerWriter).Select(i => (long)i),
            all.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(Writers * MessagesPerWriter, all.Select(m => m.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(Writers * MessagesPerWriter,
            (await service.GetOkAsync($"/v1/threads/{threadId}")).GetProperty("last_seq").GetInt64());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task EachWritersMessagesKeepTheOrderTheyWereSentIn()
    {
        var writers = Enumerable.Range(0, Writers).Select(_ => Names.User()).ToArray();
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(writers);

        await Task.WhenAll(writers.Select(async (writer, w) =>
        {
            for (var i = 0; i < 50; i++)
            {
                await service.SendAsync(threadId, $"{w}:{i}", writer);
            }
        }));

        var all = await ReadAllAfterSeqAsync(service, threadId);
        foreach (var (writer, w) in writers.Select((writer, w) => (writer, w)))
        {
            var mine = all.Where(m => m.GetProperty("username").GetString() == writer)
                .Select(m => m.GetProperty("text").GetString()).ToList();
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{w}:{i}"), mine);
        }
    }
}
