using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Parley.Auth;
using Parley.Compat;
using Parley.Messages;
using Parley.Rules;
using Parley.Threads;

namespace Parley.Operations;

/// <summary>
/// Makes each schema say what the server does where the types alone cannot: which request
/// fields are required, the exact problem shape, times as strings, properties left out when null.
/// </summary>
internal static class OpenApiSchemas
{
    public const string Problem = "Problem";
    public const string ValidationProblem = "ValidationProblem";

    /// <summary>
    /// Request fields the server refuses to do without. Every other request field is optional:
    /// the records read each property as nullable and validate by hand, so a generated schema
    /// would otherwise call all of them required.
    /// </summary>
    private static readonly Dictionary<Type, string[]> RequiredRequestFields = new()
    {
        [typeof(TokenRequest)] = [nameof(TokenRequest.Username)],
        [typeof(DevTokenRequest)] = [nameof(DevTokenRequest.Username)],
        [typeof(CreateThreadRequest)] = [nameof(CreateThreadRequest.Users)],
        [typeof(SendMessageRequest)] = [nameof(SendMessageRequest.Text)],
        [typeof(ReadPositionRequest)] = [nameof(ReadPositionRequest.Seq)],
        [typeof(SeedCreateThreadRequest)] = [nameof(SeedCreateThreadRequest.Users)],
        [typeof(SeedPostRequest)] = [nameof(SeedPostRequest.Message)],
    };

    public static string? ReferenceId(JsonTypeInfo type)
    {
        if (type.Type == typeof(HttpValidationProblemDetails))
        {
            return ValidationProblem;
        }

        return type.Type == typeof(ProblemDetails) ? Problem : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
    }

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset))
        {
            // UtcMillisecondsConverter hides the type from the schema generator; the format alone is no type.
            schema.Type = JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            // Written whole by ProblemJsonWriter, whatever the attributes of the framework's type say.
            DescribeProblem(schema, withErrors: type == typeof(HttpValidationProblemDetails));
            return Task.CompletedTask;
        }
        else if (RequiredRequestFields.TryGetValue(type, out var required))
        {
            DescribeRequest(schema, context.JsonTypeInfo, required);
        }

        OmitWhenNull(schema, context.JsonTypeInfo);
        return Task.CompletedTask;
    }

    /// <summary>
    /// What ProblemJsonWriter writes: these five members always, <c>errors</c> for a broken rule.
    /// One 400 schema with <c>errors</c> optional, rather than a choice of two, because client
    /// generators (Kiota) make no error type at all for a choice.
    /// </summary>
    private static void DescribeProblem(OpenApiSchema schema, bool withErrors)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = withErrors
            ? "An RFC 9457 problem for a bad request. When a rule is broken or a query parameter or header is bad, `errors` "
                + "names each field and what is wrong with it; a body that is not JSON, or a field of the wrong type, has no "
                + "`errors`, and `detail` says where."
            : "An RFC 9457 problem (application/problem+json).";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short, fixed summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request, in plain words."),
            ["trace_id"] = Text("The request's trace id, as the server logged it."),
        };
        schema.Required = new HashSet<string> { "type", "title", "status", "detail", "trace_id" };
        if (withErrors)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For each field (a JSON property, query parameter or header), what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text(null) },
            };
        }
    }

    private static void DescribeRequest(OpenApiSchema schema, JsonTypeInfo type, string[] requiredMembers)
    {
        schema.Required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            if (schema.Properties is null || !schema.Properties.TryGetValue(property.Name, out var found) || found is not OpenApiSchema field)
            {
                continue;
            }

            var required = requiredMembers.Contains((property.AttributeProvider as System.Reflection.MemberInfo)?.Name);
            if (required)
            {
                schema.Required.Add(property.Name);
                NotNull(field);
            }

            OpenApiFieldRules.Apply(property.Name, field, required);
        }
    }

    /// <summary>A property serialised only when it has a value is optional, and never null.</summary>
    private static void OmitWhenNull(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false)
                .OfType<JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore?.Condition != JsonIgnoreCondition.WhenWritingNull)
            {
                continue;
            }

            schema.Required?.Remove(property.Name);
            if (schema.Properties.TryGetValue(property.Name, out var found) && found is OpenApiSchema field)
            {
                NotNull(field);
            }
        }
    }

    private static void NotNull(OpenApiSchema field)
    {
        if (field.Type is { } type)
        {
            field.Type = type & ~JsonSchemaType.Null;
        }
    }

    private static OpenApiSchema Text(string? description) => new() { Type = JsonSchemaType.String, Description = description };
}
