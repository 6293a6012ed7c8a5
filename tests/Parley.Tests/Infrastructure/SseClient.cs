using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>An open SSE response read with the framework's own parser.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _items = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
    }

    public static async Task<SseClient> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Api.Cancelled);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Api.Cancelled)}", null, response.StatusCode);
        }

        return new SseClient(response, await response.Content.ReadAsStreamAsync(Api.Cancelled));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<SseItem<string>?> NextAsync(TimeSpan? timeout = null)
    {
        var next = _items.MoveNextAsync().AsTask();
        return await next.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), Api.Cancelled) ? _items.Current : null;
    }

    /// <summary>The seq of each of the next <paramref name="count"/> message events.</summary>
    public async Task<List<long>> ReadSeqsAsync(int count)
    {
        var seqs = new List<long>();
        while (seqs.Count < count && await NextAsync() is { } item)
        {
            Assert.Equal("message", item.EventType);
            using var data = JsonDocument.Parse(item.Data);
            var seq = data.RootElement.GetProperty("seq").GetInt64();
            Assert.Equal(seq.ToString(System.Globalization.CultureInfo.InvariantCulture), item.EventId);
            seqs.Add(seq);
        }

        return seqs;
    }

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        try
        {
            await _items.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
        {
            // The connection is already gone; that is the point of disposing.
        }
    }
}
