using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>
/// Large responses to clients that read at a trickle, on the real server process: the server
/// writes them as it produces them, with back-pressure, so a reader that takes 1 KB a second
/// holds far less than its response in the server's memory. The service key reads here, as it
/// is not bound by the places per user, so the count of slow readers is the test's choice.
/// </summary>
public sealed class SlowReaderMemoryTests(ITestOutputHelper output)
{
    private const int Messages = 2000;
    private const int Readers = 20;

    [Fact]
    public async Task SlowReadersOfWholeThreadsAndFullPagesHoldFarLessThanTheirResponses()
    {
        await using var server = new ServerUnderTest(ServerStore.Sqlite);
        await server.StartAsync();
        using var service = server.CreateClient();
        var member = Names.User("slow");
        var thread = await service.CreateThreadAsync(member, Names.User("pal"));
        await LargeText.FillAsync(service, thread, member, Messages);
        var wholeBytes = await SizeAsync(service, $"/thread/{thread}");
        var pageBytes = await SizeAsync(service, $"/v1/threads/{thread}/messages?limit=200");
        var before = server.ResidentBytes();

        var readers = new List<SlowReader>();
        try
        {
            for (var i = 0; i < Readers; i++)
            {
                readers.Add(await SlowReader.OpenAsync(server.Port, $"/thread/{thread}", ParleyFactory.ServiceKey, bytesPerSecond: 1024));
                readers.Add(await SlowReader.OpenAsync(server.Port, $"/v1/threads/{thread}/messages?limit=200", ParleyFactory.ServiceKey, bytesPerSecond: 1024));
            }

            // Long enough for every response to fill the connection's buffers and stall.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var during = server.ResidentBytes();
            var received = readers.Sum(r => r.Received);
            var perReader = (during - before) / (2 * Readers);
            Figures.Report(output, "slow-readers/memory", $"{Readers} whole-thread reads ({wholeBytes / 1024} KiB each) and {Readers} pages of 200 ({pageBytes / 1024} KiB each), "
                + $"read at 1 KB/s: {received / 1024} KiB received in all; server RSS {Mb(before)} MB before, {Mb(during)} MB with them, "
                + $"{perReader / 1024} KiB per reader");

            Assert.All(readers, r => Assert.Equal(200, r.Status));
            Assert.All(readers, r => Assert.False(r.Closed, "A slow reader was cut."));
            Assert.True(perReader < wholeBytes / 4, $"Each slow reader holds {perReader / 1024} KiB of the server's memory, the whole thread is {wholeBytes / 1024} KiB.");
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private static async Task<long> SizeAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
