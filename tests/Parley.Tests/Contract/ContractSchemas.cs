extern alias JsonSchemaNet;

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace Parley.Tests.Contract;

/// <summary>
/// The document's schemas as JSON Schema 2020-12 (which OpenAPI 3.1 uses), checked strictly:
/// every object schema that lists its properties is closed, so a property the document does not
/// name is a mismatch and the document cannot fall behind what the server writes.
/// </summary>
internal sealed class ContractSchemas
{
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _built = new();

    static ContractSchemas()
    {
        // OpenAPI's numeric formats, which JSON Schema does not define.
        FormatRegistry.Global.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
    }

    public ContractSchemas(JsonObject components) => _definitions = Strict(components.DeepClone()).AsObject();

    /// <summary>Adds to <paramref name="errors"/> each way <paramref name="instance"/> breaks the schema.</summary>
    public void Validate(string key, JsonNode schemaNode, JsonNode? instance, List<string> errors)
    {
        var schema = _built.GetOrAdd(key, _ => Build(key, schemaNode));
        var result = schema.Evaluate(JsonSerializer.SerializeToElement(instance), Evaluation);
        if (result.IsValid)
        {
            return;
        }

        foreach (var detail in result.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{detail.InstanceLocation} ({keyword} at {detail.EvaluationPath}): {message}");
            }
        }
    }

    /// <summary>One JSON Schema document: the schema with every component as a definition beside it.</summary>
    private JsonSchema Build(string key, JsonNode schemaNode)
    {
        var root = Strict(schemaNode.DeepClone()) is JsonObject rooted ? rooted : new JsonObject { ["allOf"] = new JsonArray(schemaNode.DeepClone()) };
        root["$schema"] = Dialect;
        root["$defs"] = _definitions.DeepClone();
        var baseUri = new Uri($"https://contract.parley.test/{Uri.EscapeDataString(key)}");
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri);
    }

    /// <summary>
    /// Points references at the definitions beside the schema, and closes every object schema
    /// that lists its properties: a property the document does not name is a mismatch.
    /// </summary>
    private static JsonNode Strict(JsonNode node)
    {
        if (node is JsonObject schema)
        {
            if (schema["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target)
            {
                schema["$ref"] = target.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            }

            foreach (var (_, child) in schema.ToList())
            {
                if (child is not null)
                {
                    Strict(child);
                }
            }

            if (schema.ContainsKey("properties") && !schema.ContainsKey("unevaluatedProperties"))
            {
                schema["unevaluatedProperties"] = false;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    Strict(child);
                }
            }
        }

        return node;
    }
}
