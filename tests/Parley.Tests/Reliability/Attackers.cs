using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Parley.Tests.Reliability;

/// <summary>
/// One user holding everything a user may hold, all of it read at a trickle: live streams of
/// a large thread replayed from its first message, whole-thread and full-page reads of it
/// (more than the server admits), and sends at the rate limit into the thread meanwhile.
/// </summary>
internal sealed class Hoarder(int port, string token, string thread) : IAsyncDisposable
{
    private const int BytesPerSecond = 1024;
    private readonly List<SlowReader> _readers = [];

    /// <summary>Statuses of the streams asked for, in order.</summary>
    public List<int> StreamStatuses { get; } = [];

    /// <summary>Statuses of the reads asked for, in order: whole-thread reads (too large to leave the server before the client takes them), then pages.</summary>
    public List<int> ReadStatuses { get; } = [];

    public int Sent { get; private set; }

    public int SendsRefused { get; private set; }

    /// <summary>The readers the server admitted, streams included, that it has since closed.</summary>
    public int ClosedByServer => _readers.Count(r => r.Status == 200 && r.Closed);

    public async Task OpenAsync(int streams, int reads)
    {
        for (var i = 0; i < streams; i++)
        {
            Keep(await SlowReader.OpenAsync(port, $"/v1/threads/{thread}/events?after_seq=0", token, BytesPerSecond, "text/event-stream"), StreamStatuses);
        }

        for (var i = 0; i < reads; i++)
        {
            var path = i < reads / 2 ? $"/thread/{thread}" : $"/v1/threads/{thread}/messages?limit=200";
            Keep(await SlowReader.OpenAsync(port, path, token, BytesPerSecond), ReadStatuses);
        }
    }

    /// <summary>Sends large messages into the thread as fast as the rate limit lets it, until <paramref name="stop"/>.</summary>
    public async Task SendAsync(HttpClient client, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var response = await client.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = LargeText.Make(Sent) }, CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Sent++;
                continue;
            }

            SendsRefused++;
            await Task.WhenAny(Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync();
        }
    }

    private void Keep(SlowReader reader, List<int> statuses)
    {
        statuses.Add(reader.Status);
        _readers.Add(reader);
    }

}

/// <summary>
/// One user asking for a large thread whole, again and again, from several connections at
/// once, reading each answer as fast as it comes: the request that cost a second of CPU each.
/// A refusal is retried after a short pause, not after the Retry-After it carries.
/// </summary>
internal sealed class Hammer(HttpClient client, string thread)
{
    private long _admitted;
    private long _refused;
    private long _failed;
    private long _bytes;

    public long Admitted => Interlocked.Read(ref _admitted);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Answers other than 200 and 429, and connections that failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long Bytes => Interlocked.Read(ref _bytes);

    public Task RunAsync(int connections, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => LoopAsync(stop))));

    private async Task LoopAsync(CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/thread/{thread}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                await using var body = await response.Content.ReadAsStreamAsync(stop);
                while (await body.ReadAsync(buffer, stop) is var read and > 0)
                {
                    Interlocked.Add(ref _bytes, read);
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _admitted);
                    continue;
                }

                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.TooManyRequests ? ref _refused : ref _failed);
                await Task.WhenAny(Task.Delay(20, stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}

/// <summary>Message texts as large as the rules allow: about 3.8 KB of UTF-8 in 260 characters.</summary>
internal static class LargeText
{
    // A letter with seven combining acute accents is one character of 15 bytes.
    private static readonly string Body = string.Concat(Enumerable.Repeat("a" + new string('\u0301', 7), 250));

    public static string Make(int n) => $"m{n:D7} {Body}";

    /// <summary>Sends <paramref name="count"/> large messages as <paramref name="sender"/>, several at a time.</summary>
    public static Task FillAsync(HttpClient service, string thread, string sender, int count) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, ct) =>
        {
            using var response = await service.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = Make(n), username = sender }, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Filling the thread failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
}
