using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Parley.Tests.Contract;

/// <summary>
/// The server's own OpenAPI document, as a checker of real responses: the status must be one
/// the operation documents, the body must match that status's schema, and its required headers
/// must be there. Schemas are checked strictly: a property the document does not name fails,
/// so the document cannot fall behind what the server writes.
/// </summary>
public sealed class OpenApiContract
{
    private readonly JsonObject _paths;
    private readonly ContractSchemas _schemas;
    private readonly List<PathTemplate> _templates;

    private OpenApiContract(JsonObject document)
    {
        _paths = Child(document, "paths");
        _schemas = new ContractSchemas(Child(Child(document, "components"), "schemas"));
        _templates = [.. _paths.Select(p => new PathTemplate(p.Key))];
    }

    public JsonObject Paths => _paths;

    /// <summary>
    /// The document the server publishes at /openapi/v1.json, generated in process, so that
    /// reading it adds no request to the server's log or rate limits.
    /// </summary>
    public static async Task<OpenApiContract> LoadAsync(IServiceProvider services)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return new OpenApiContract(JsonNode.Parse(text.ToString())?.AsObject() ?? throw new InvalidDataException("The OpenAPI document is empty."));
    }

    /// <summary>What is wrong with this response by the document; empty when it is as documented, or not an API route.</summary>
    public IReadOnlyList<string> Check(HttpRequestMessage request, HttpResponseMessage response, string? body)
    {
        var method = request.Method.Method.ToLowerInvariant();
        if (method is "options" or "head" || FindPath(request.RequestUri) is not { } path)
        {
            return [];
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var item = Child(_paths, path);
        if (item[method] is not JsonObject operation)
        {
            // A method the path does not take: every operation documents the same 405.
            operation = item.Select(o => o.Value).OfType<JsonObject>().First();
            if (status != "405")
            {
                return [$"{method.ToUpperInvariant()} is not documented on {path}, so it must be 405, not {status}"];
            }
        }

        if (Child(operation, "responses")[status] is not JsonObject documented)
        {
            return [$"status {status} is not documented for {method.ToUpperInvariant()} {path}"];
        }

        var errors = new List<string>();
        CheckHeaders(documented, response, errors);
        CheckBody(documented, $"{method} {path} {status}", response, body, errors);
        return errors;
    }

    /// <summary>Checks one event of a live stream against the schema of that route's text/event-stream.</summary>
    public void CheckEvent(string requestPath, SseItem<string> item)
    {
        var path = FindPath(new Uri(requestPath, UriKind.Relative)) ?? throw new InvalidOperationException($"{requestPath} is not in the document");
        var content = Child(Child(Child(Child(Child(_paths, path), "get"), "responses"), "200"), "content");
        var schema = Child(content, "text/event-stream")["schema"] ?? throw new InvalidOperationException($"{path} documents no event schema");
        var observed = new JsonObject { ["event"] = item.EventType, ["data"] = JsonNode.Parse(item.Data) };
        if (item.EventId is { Length: > 0 } id)
        {
            observed["id"] = id;
        }

        var errors = new List<string>();
        _schemas.Validate($"event {path}", schema, observed, errors);
        Assert.True(errors.Count == 0, $"The event does not match the document: {observed.ToJsonString()}\n{string.Join("\n", errors)}");
    }

    private void CheckHeaders(JsonObject documented, HttpResponseMessage response, List<string> errors)
    {
        foreach (var (name, value) in documented["headers"]?.AsObject() ?? [])
        {
            var header = value?.AsObject() ?? [];
            var present = response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values);
            if (!present)
            {
                if (header["required"]?.GetValue<bool>() == true)
                {
                    errors.Add($"the required header {name} is missing");
                }

                continue;
            }

            var text = string.Join(", ", values ?? []);
            JsonNode? observed = header["schema"]?["type"]?.GetValue<string>() == "integer" && long.TryParse(text, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(text);
            _schemas.Validate($"header {name}", header["schema"] ?? new JsonObject(), observed, errors);
        }
    }

    private void CheckBody(JsonObject documented, string key, HttpResponseMessage response, string? body, List<string> errors)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = documented["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (!string.IsNullOrEmpty(body))
            {
                errors.Add($"the response has a body ({mediaType}), but the document says it has none");
            }

            return;
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            errors.Add($"the response is {mediaType ?? "without a body"}, but the document says {string.Join(" or ", content.Select(c => c.Key))}");
            return;
        }

        if (body is null)
        {
            return;
        }

        JsonNode? observed;
        try
        {
            observed = mediaType.EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(body) : JsonValue.Create(body);
        }
        catch (JsonException ex)
        {
            errors.Add($"the body is not JSON: {ex.Message}");
            return;
        }

        _schemas.Validate($"{key} {mediaType}", media["schema"] ?? new JsonObject(), observed, errors);
    }

    private string? FindPath(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }

        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        return _templates.Where(t => t.Matches(path)).OrderByDescending(t => t.Literals).FirstOrDefault()?.Template;
    }

    internal static JsonObject Child(JsonObject node, string name) =>
        node[name] as JsonObject ?? throw new InvalidDataException($"The OpenAPI document has no '{name}' here.");

    private sealed class PathTemplate(string template)
    {
        private readonly Regex _pattern = new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "/?$");

        public string Template { get; } = template;

        public int Literals { get; } = template.Split('/').Count(s => !s.StartsWith('{'));

        public bool Matches(string path) => _pattern.IsMatch(path);
    }
}
