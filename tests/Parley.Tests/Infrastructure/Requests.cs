using System.Net;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>Raw-JSON requests for the v1 tests, which need exact bodies and headers.</summary>
public static class Requests
{
    public static async Task<HttpResponseMessage> PostJsonAsync(
        this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Api.Json(json) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, Api.Json(json));

    /// <summary>Sends <paramref name="text"/> with an Idempotency-Key; returns the response.</summary>
    public static Task<HttpResponseMessage> SendWithKeyAsync(
        this HttpClient client, string threadId, string text, string key, string? username = null) =>
        client.PostJsonAsync($"/v1/threads/{threadId}/messages", JsonSerializer.Serialize(new { text, username }), key);

    public static async Task<HttpStatusCode> MarkReadAsync(this HttpClient client, string threadId, long seq, string? username = null)
    {
        using var response = await client.PutAsync($"/v1/threads/{threadId}/read",
            Api.Json(JsonSerializer.Serialize(new { seq, username })));
        return response.StatusCode;
    }

    /// <summary>GETs <paramref name="url"/>, failing the test unless it answers 200; returns the body.</summary>
    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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
        [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
