using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Parley.Storage;

namespace Parley.Compat;

/// <summary>
/// <c>{"messages": [{"username": …, "message": …}, …]}</c> written while the rows are read,
/// in small flushed chunks, so memory stays flat however long the thread is.
/// </summary>
internal sealed class SeedMessagesResult(IAsyncEnumerable<MessageRecord> messages) : IResult, IEndpointMetadataProvider
{
    private const int FlushBytes = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var pipe = response.BodyWriter;
        await using var json = new Utf8JsonWriter(pipe);
        json.WriteStartObject();
        json.WriteStartArray("messages");
        long flushed = 0;
        await foreach (var message in messages.WithCancellation(httpContext.RequestAborted))
        {
            json.WriteStartObject();
            json.WriteString("username", message.Username);
            json.WriteString("message", message.Text);
            json.WriteEndObject();
            // The writer hands full buffers to the pipe by itself (BytesCommitted), but only a
            // pipe flush sends them; count both, or the whole body waits in memory until the end.
            if (json.BytesCommitted + json.BytesPending - flushed >= FlushBytes)
            {
                await json.FlushAsync(httpContext.RequestAborted);
                await pipe.FlushAsync(httpContext.RequestAborted);
                flushed = json.BytesCommitted;
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SeedMessages), ["application/json"]));
}

/// <summary>The shape <see cref="SeedMessagesResult"/> writes, for the OpenAPI document.</summary>
internal sealed record SeedMessages(IReadOnlyList<SeedMessage> Messages);

internal sealed record SeedMessage(string Username, string Message);
