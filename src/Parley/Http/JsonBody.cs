using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Errors;
using Parley.Rules;

namespace Parley.Http;

/// <summary>
/// Reads a JSON request body by hand rather than by parameter binding, so each route decides
/// what to check first (visibility before the body) and every failure is a precise problem.
/// </summary>
internal static class JsonBody
{
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType();
        }

        if (request.ContentLength > Limits.BodyBytes)
        {
            return Problems.TooLarge();
        }

        AllowChunkFraming(request.HttpContext);
        ReadResult read;
        try
        {
            read = await request.BodyReader.ReadAtLeastAsync(Limits.BodyBytes + 1, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge();
        }
        catch (IOException)
        {
            // Kestrel reports a chunk size too large for an int ("FFFFFFFFFF") as an IOException
            // around an OverflowException, not as a bad request: it is the client's error all the same.
            return Problems.BadJson("The body could not be read: its chunked framing is invalid, or the connection failed.");
        }

        var body = read.Buffer;
        try
        {
            if (body.Length > Limits.BodyBytes)
            {
                return Problems.TooLarge();
            }

            return Parse(body, type);
        }
        catch (JsonException ex)
        {
            return Problems.BadJson(Describe(ex));
        }
        finally
        {
            request.BodyReader.AdvanceTo(body.End);
        }
    }

    /// <summary>
    /// Kestrel counts chunk framing (sizes, line ends, extensions) toward its body limit, so a
    /// chunked body well under 64 KiB could be refused. For a body of unknown length the server's
    /// limit is raised to cover the framing, and the read above counts the body's own bytes.
    /// </summary>
    private static void AllowChunkFraming(HttpContext http)
    {
        if (http.Request.ContentLength is not null)
        {
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Limits.FramedBodyBytes;
        }
    }

    private static BodyResult<T> Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> type)
        where T : class
    {
        var reader = new Utf8JsonReader(body);
        var value = JsonSerializer.Deserialize(ref reader, type);
        var after = body.Slice(reader.BytesConsumed);
        if (!IsWhitespace(after))
        {
            return Problems.BadJson($"The body is not valid JSON: there is more after its value (from byte {reader.BytesConsumed + 1}).");
        }

        if (value is null)
        {
            return Problems.BadJson("The body must be a JSON object.");
        }

        return new BodyResult<T>(value);
    }

    // JSON's four whitespace bytes may follow the value (a trailing newline is common); nothing else may.
    private static bool IsWhitespace(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
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

/// <summary>A request body as read: its value, or the problem that stopped the read.</summary>
internal sealed class BodyResult<T>
    where T : class
{
    private readonly T? _value;
    private readonly ProblemHttpResult? _problem;

    public BodyResult(T value) => _value = value;

    public BodyResult(ProblemHttpResult problem) => _problem = problem;

    public static implicit operator BodyResult<T>(ProblemHttpResult problem) => new(problem);

    public bool TryGetValue([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        value = _value;
        problem = _problem;
        if (value is not null)
        {
            return true;
        }

        if (problem is null)
        {
            throw new UnreachableException("Each constructor sets either the value or the problem.");
        }

        return false;
    }
}
