using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Parley.Tests.Contract;

/// <summary>
/// Checks every response a test client receives against the server's own OpenAPI document
/// (<see cref="OpenApiContract"/>) and fails the request, and so the test, on any mismatch or
/// undocumented status. Event streams are checked by status and media type here; their events
/// with <see cref="OpenApiContract.CheckEvent"/>.
/// </summary>
public sealed class OpenApiResponseValidator(Func<Task<OpenApiContract>> contract) : DelegatingHandler
{
    private static readonly ConditionalWeakTable<object, Lazy<Task<OpenApiContract>>> Contracts = [];

    /// <summary>
    /// A validator for clients of <paramref name="factory"/>, reading the document that server
    /// publishes, once per factory: <c>factory.CreateDefaultClient(OpenApiResponseValidator.For(factory))</c>.
    /// </summary>
    public static OpenApiResponseValidator For(WebApplicationFactory<Program> factory)
    {
        var load = Contracts.GetValue(factory, _ => new Lazy<Task<OpenApiContract>>(() => OpenApiContract.LoadAsync(factory.Services)));
        return new OpenApiResponseValidator(() => load.Value);
    }

    /// <summary>The document this validator checks against.</summary>
    public Task<OpenApiContract> ContractAsync() => contract();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var document = await contract();

        // A stream is never read to its end here; the test reads it.
        string? body = null;
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        var errors = document.Check(request, response, body);
        if (errors.Count > 0)
        {
            var summary = $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} "
                + $"{response.Content.Headers.ContentType}, not as /openapi/v1.json documents it:\n  "
                + string.Join("\n  ", errors) + (body is { Length: > 0 } ? $"\nBody: {body}" : "");
            response.Dispose();
            throw new OpenApiMismatchException(summary);
        }

        return response;
    }
}

/// <summary>A response that the OpenAPI document does not describe.</summary>
public sealed class OpenApiMismatchException(string message) : Exception(message);
