using System.Net;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>
    /// Asserts that the response is an RFC 9457 problem with the given status, carrying type,
    /// title, status, detail and trace_id, and returns its body.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Api.Cancelled);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        foreach (var member in new[] { "type", "title", "detail", "trace_id" })
        {
            Assert.True(body.TryGetProperty(member, out var value), $"The problem has no {member}: {text}");
            Assert.False(string.IsNullOrWhiteSpace(value.GetString()), $"The problem's {member} is empty: {text}");
        }

        return body;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name exactly <paramref name="field"/> among others.</summary>
    public static async Task<JsonElement> AssertInvalidAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(body.TryGetProperty("errors", out var errors), $"The problem has no errors: {body}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors does not name {field}: {errors}");
        Assert.NotEqual(0, messages.GetArrayLength());
        return body;
    }
}
