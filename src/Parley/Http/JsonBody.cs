using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Errors;
using Parley.Rules;

namespace Parley.Http;

/// <summary>
/// Reads a JSON request body by hand rather than by parameter binding, so each route decides
/// what to check first (visibility before the body) and every failure is a precise problem.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = Limits.BodyBytes;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return new(null, Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBytes)
        {
            return new(null, Problems.TooLarge());
        }

        ReadResult read;
        try
        {
            read = await request.BodyReader.ReadAtLeastAsync(MaxBytes + 1, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge());
        }

        var body = read.Buffer;
        try
        {
            if (body.Length > MaxBytes)
            {
                return new(null, Problems.TooLarge());
            }

            var value = Parse(body, type);
            return value is null ? new(null, Problems.BadJson("The body must be a JSON object.")) : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Problems.BadJson(Describe(ex)));
        }
        finally
        {
            request.BodyReader.AdvanceTo(body.End);
        }
    }

    private static T? Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize(ref reader, type);
    }

    // JsonException messages name .NET types; the client needs the JSON path and what was wrong.
    private static string Describe(JsonException ex)
    {
        var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
        var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
        // Text that is not UTF-8 fails in the decoder; an escaped lone surrogate fails in the reader.
        var badText = ex.InnerException?.InnerException is System.Text.DecoderFallbackException
            || (ex.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF", StringComparison.Ordinal));
        if (badText)
        {
            return $"The body is not valid JSON: it has text that is not valid Unicode (invalid UTF-8 or an unpaired surrogate){where}{line}.";
        }

        return ex.InnerException is InvalidOperationException || ex.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"The body has a value of the wrong type{where}{line}."
            : $"The body is not valid JSON{where}{line}.";
    }
}

internal readonly record struct BodyResult<T>(T? Value, IResult? Problem)
    where T : class;
