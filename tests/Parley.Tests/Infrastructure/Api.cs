using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Requests to the public HTTP API and readers of its answers, for the tests. The raw-JSON
/// ones send exactly the body and headers a test names.
/// </summary>
public static class Api
{
    /// <summary>Fires when the test run is cancelled, so a helper stops waiting at once.</summary>
    public static CancellationToken Cancelled => TestContext.Current.CancellationToken;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancelled);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates a thread through <c>POST /v1/threads</c> and returns its id.</summary>
    public static async Task<string> CreateThreadAsync(this HttpClient client, params string[] users)
    {
        using var response = await client.PostAsJsonAsync("/v1/threads", new { users }, Cancelled);
        var thread = await response.ReadSuccessAsync("Creating a thread");
        return thread.GetProperty("id").GetString() ?? throw new InvalidOperationException($"The thread has no id: {thread}");
    }

    /// <summary>Sends through <c>POST /v1/threads/{id}/messages</c> and returns the Message.</summary>
    public static async Task<JsonElement> SendAsync(this HttpClient client, string threadId, string text, string? username = null)
    {
        using var response = await client.PostAsJsonAsync($"/v1/threads/{threadId}/messages", new { text, username }, Cancelled);
        return await response.ReadSuccessAsync("Sending");
    }

    /// <summary>Sends <paramref name="text"/> with an Idempotency-Key; returns the response.</summary>
    public static Task<HttpResponseMessage> SendWithKeyAsync(
        this HttpClient client, string threadId, string text, string key, string? username = null) =>
        client.PostJsonAsync($"/v1/threads/{threadId}/messages", JsonSerializer.Serialize(new { text, username }), key);

    public static async Task<HttpStatusCode> MarkReadAsync(this HttpClient client, string threadId, long seq, string? username = null)
    {
        using var response = await client.PutJsonAsync($"/v1/threads/{threadId}/read", JsonSerializer.Serialize(new { seq, username }));
        return response.StatusCode;
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(
        this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Cancelled);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, Json(json), Cancelled);

    /// <summary>GETs <paramref name="url"/>, failing the test unless it answers 200; returns the body.</summary>
    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Cancelled);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancelled)}");
        return await response.ReadJsonAsync();
    }

    /// <summary>The names under <c>errors</c> of a validation problem.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        return body.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
    }

    public static IReadOnlyList<long> Seqs(this JsonElement page) =>
        [.. page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64())];

    public static IReadOnlyList<string> Strings(this JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidOperationException($"Not a string array: {array}"))];

    /// <summary>The body of a 2xx answer; throws with the status and body otherwise, naming <paramref name="what"/>.</summary>
    private static async Task<JsonElement> ReadSuccessAsync(this HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancelled)}");
        }

        return await response.ReadJsonAsync();
    }
}
