using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>Small helpers over the public HTTP API, used by the API tests.</summary>
public static class Api
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates a thread through <c>POST /v1/threads</c> and returns its id.</summary>
    public static async Task<string> CreateThreadAsync(this HttpClient client, params string[] users)
    {
        using var response = await client.PostAsJsonAsync("/v1/threads", new { users });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a thread failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Sends through <c>POST /v1/threads/{id}/messages</c> and returns the Message.</summary>
    public static async Task<JsonElement> SendAsync(this HttpClient client, string threadId, string text, string? username = null)
    {
        using var response = await client.PostAsJsonAsync($"/v1/threads/{threadId}/messages", new { text, username });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sending failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.ReadJsonAsync();
    }
}
