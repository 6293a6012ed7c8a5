using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Parley.Storage;

namespace Parley.Compat;

/// <summary>
/// <c>{"messages": [{"username": …, "message": …}, …]}</c>: the thread's cached body, then the
/// messages the store has after it, written as they are read, in small flushed chunks, so
/// memory stays flat however long the thread is.
/// </summary>
internal sealed class SeedMessagesResult(Guid threadId, IParleyStore store, SeedBodyCache cache) : IResult, IEndpointMetadataProvider
{
    private const int ChunkBytes = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var pipe = response.BodyWriter;

        var known = cache.Find(threadId);
        pipe.Write("{\"messages\":["u8);
        for (var sent = 0; sent < known.Items.Length; sent += ChunkBytes)
        {
            await pipe.WriteAsync(known.Items.Slice(sent, Math.Min(ChunkBytes, known.Items.Length - sent)), ct);
        }

        // Newer messages: each serialised on its own, sent, and added to a longer body for the
        // cache while that stays short enough to keep.
        var item = new ArrayBufferWriter<byte>(256);
        await using var json = new Utf8JsonWriter(item);
        ArrayBufferWriter<byte>? longer = null;
        var (lastSeq, first, unflushed) = (known.LastSeq, known.Items.IsEmpty, 0);
        await foreach (var message in store.ReadMessagesAfterAsync(threadId, known.LastSeq, ct))
        {
            item.ResetWrittenCount();
            json.Reset(item);
            if (!first)
            {
                item.Write(","u8);
            }

            json.WriteStartObject();
            json.WriteString("username", message.Username);
            json.WriteString("message", message.Text);
            json.WriteEndObject();
            json.Flush();
            pipe.Write(item.WrittenSpan);

            if (lastSeq == known.LastSeq)
            {
                longer = cache.MaxBodyBytes > 0 ? new ArrayBufferWriter<byte>(known.Items.Length + 4096) : null;
                longer?.Write(known.Items.Span);
            }

            longer?.Write(item.WrittenSpan);
            if (longer?.WrittenCount > cache.MaxBodyBytes)
            {
                longer = null;
            }

            (lastSeq, first) = (message.Seq, false);
            if ((unflushed += item.WrittenCount) >= ChunkBytes)
            {
                await pipe.FlushAsync(ct);
                unflushed = 0;
            }
        }

        pipe.Write("]}"u8);
        await pipe.FlushAsync(ct);
        if (longer is not null)
        {
            cache.Keep(threadId, new SeedBody(lastSeq, longer.WrittenSpan.ToArray()));
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SeedMessages), ["application/json"]));
}

/// <summary>The shape <see cref="SeedMessagesResult"/> writes, for the OpenAPI document.</summary>
internal sealed record SeedMessages(IReadOnlyList<SeedMessage> Messages);

internal sealed record SeedMessage(string Username, string Message);
