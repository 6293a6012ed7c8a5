using System.Text.Json.Serialization;

// The ceiling: the least an ASP.NET Core minimal API on this machine can do per request.
// Parley's figures are reported as ratios to these, measured in the same run.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CeilingJson.Default));
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();

var page = Enumerable.Range(1, 10).Select(Message.Sample).ToArray();

app.MapGet("/plaintext", () => "Hello, World!");

// Reads and deserialises the body, like a send would, and answers without one.
app.MapPost("/echo", (EchoBody body) => body.Text is null ? Results.BadRequest() : Results.NoContent());

app.MapGet("/json", () => new Page(page, HasMore: true));

await app.RunAsync();

internal sealed record EchoBody(string? Text);

/// <summary>Shaped like a Parley message, so /json writes what a page of 10 writes.</summary>
internal sealed record Message(string Id, string ThreadId, long Seq, string Username, string Text, DateTimeOffset CreatedAt)
{
    public static Message Sample(int seq) => new(
        Guid.CreateVersion7().ToString(), "019a7c1e-5a4b-7d2c-9e1f-0a1b2c3d4e5f", seq, seq % 2 == 0 ? "alma" : "bob",
        $"The quick brown fox jumps over the lazy dog, message {seq}", DateTimeOffset.UnixEpoch.AddMilliseconds(1_795_000_000_000 + seq));
}

internal sealed record Page(IReadOnlyList<Message> Messages, bool HasMore);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EchoBody))]
[JsonSerializable(typeof(Page))]
internal sealed partial class CeilingJson : JsonSerializerContext;
