using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class OperationsTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "post", "/v1/tokens" },
        { "post", "/v1/threads" },
        { "get", "/v1/threads" },
        { "get", "/v1/threads/{threadId}" },
        { "post", "/v1/threads/{threadId}/messages" },
        { "get", "/v1/threads/{threadId}/messages" },
        { "get", "/v1/threads/{threadId}/messages/{seq}" },
        { "put", "/v1/threads/{threadId}/read" },
        { "post", "/thread" },
        { "post", "/thread/{threadId}/{username}" },
        { "get", "/thread/{threadId}" },
    };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task OpenApiDescribesTheRouteWithItsErrors(string method, string path)
    {
        var operation = (await OpenApiAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);
        var responses = operation.GetProperty("responses");
        foreach (var status in new[] { "401", "429" })
        {
            AssertProblemResponse(responses, status);
        }

        // Minting a token reads no database, so it cannot be unavailable; every other route can.
        if (path == "/v1/tokens")
        {
            Assert.False(responses.TryGetProperty("503", out _), "POST /v1/tokens cannot answer 503");
        }
        else
        {
            AssertProblemResponse(responses, "503");
        }

        if (method is "post" or "put")
        {
            Assert.True(operation.TryGetProperty("requestBody", out _), $"{method} {path} has no request body");
            foreach (var status in new[] { "400", "413", "415" })
            {
                AssertProblemResponse(responses, status);
            }
        }

        if (path.Contains("{threadId}", StringComparison.Ordinal))
        {
            AssertProblemResponse(responses, "404");
        }
    }

    [Fact]
    public async Task OpenApiDescribesEveryMappedRoute()
    {
        var paths = (await OpenApiAsync()).GetProperty("paths");
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var (method, raw) in routes)
        {
            var path = "/" + raw.Trim('/');
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _),
                $"{method} {path} is not in the OpenAPI document");
        }
    }

    [Fact]
    public async Task OpenApiSchemasUseSnakeCase()
    {
        var schemas = (await OpenApiAsync()).GetProperty("components").GetProperty("schemas");
        var names = schemas.EnumerateObject()
            .SelectMany(s => s.Value.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => x.Name) : [])
            .ToHashSet();
        Assert.All(names, name => Assert.Matches("^[a-z][a-z0-9_]*$", name));
        foreach (var expected in new[] { "thread_id", "expires_at", "expires_in", "created_at", "last_seq", "last_message", "unread_count", "has_more", "next_cursor" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public async Task DocsAnswerWithHtml()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadinessAnswersHealthyWithoutCredentials()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> OpenApiAsync()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static void AssertProblemResponse(JsonElement responses, string status)
    {
        Assert.True(responses.TryGetProperty(status, out var response), $"No {status} response");
        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} is not problem+json");
    }
}
