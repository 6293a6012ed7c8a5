using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>The log file under &lt;data directory&gt;/logs, written at the shipped log levels.</summary>
public sealed class RequestLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Logs into a directory that outlives the server, so the files are read after it has stopped and flushed.</summary>
    private sealed class LoggingFactory(string directory) : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:DataDirectory"] = directory,
            ["Logging:LogLevel:Default"] = "Information",
        };
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task EachRequestIsOneLineWithMethodRouteTemplateStatusAndCaller()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using (var factory = new LoggingFactory(_directory))
        {
            using var service = factory.CreateServiceClient();
            using var client = await factory.CreateUserClientAsync(alma);
            var thread = await client.CreateThreadAsync(bob);
            await client.SendAsync(thread, "hello");
            (await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = "hi" })).Dispose();
            (await client.GetAsync($"/thread/{thread}")).Dispose();
            (await service.GetAsync($"/v1/threads?user={bob}")).Dispose();
            (await factory.CreateClient().GetAsync("/v1/nothing-here")).Dispose();
            (await factory.CreateClientWith("wrong").GetAsync("/v1/threads")).Dispose();
            await WaitForRequestLinesAsync(8);
        }

        (string, string, int, string)[] expected =
        [
            ("POST", "/v1/tokens", 201, "service"),
            ("POST", "/v1/threads/", 201, "user"),
            ("POST", "/v1/threads/{threadId}/messages", 201, "user"),
            ("POST", "/thread/{threadId}/{username}", 204, "service"),
            ("GET", "/thread/{threadId}", 200, "user"),
            ("GET", "/v1/threads/", 200, "service"),
            ("GET", "(no route)", 404, "anonymous"),
            ("GET", "/v1/threads/", 401, "anonymous"),
        ];
        var lines = RequestLines();
        Assert.Equal(expected.Order(), lines.Select(l => (
            l.GetProperty("Method").GetString()!, l.GetProperty("Route").GetString()!, l.GetProperty("Status").GetInt32(), Kind(l))).Order());
        var userHashes = lines.Select(l => l.GetProperty("Caller").GetString()!).Where(c => c.StartsWith("u:", StringComparison.Ordinal)).Distinct();
        Assert.Matches("^u:[0-9a-f]{12}$", Assert.Single(userHashes));
    }

    [Fact]
    public async Task TheLogNeverContainsUsernamesTokensKeysOrMessageText()
    {
        var (alma, bob) = (Names.User("zlogalma"), Names.User("zlogbob"));
        var text = $"distinctive message {Guid.NewGuid():N}";
        string token;
        using (var factory = new LoggingFactory(_directory))
        {
            using var service = factory.CreateServiceClient();
            token = await factory.MintTokenAsync(alma);
            using var client = factory.CreateClientWith(token);
            var thread = await client.CreateThreadAsync(bob);
            await client.SendAsync(thread, text);
            (await service.PostAsJsonAsync($"/thread/{thread}/{bob}", new { message = text + " again" })).Dispose();
            (await service.PostAsJsonAsync($"/thread/{thread}/{alma}x", new { message = text })).Dispose();
            (await client.GetAsync($"/thread/{thread}")).Dispose();
            (await client.GetAsync($"/v1/threads?user={bob}")).Dispose();
            (await service.GetAsync($"/v1/threads/{thread}?user={alma}")).Dispose();
            (await service.PostAsJsonAsync("/v1/tokens", new { username = bob, expires_in = 0 })).Dispose();
            (await factory.CreateClientWith(ParleyFactory.ServiceKey + "x").GetAsync("/v1/threads")).Dispose();
            await WaitForRequestLinesAsync(10);
        }

        var log = LogText();
        Assert.NotEmpty(RequestLines());
        foreach (var secret in new[] { alma, bob, text, token, token.Split('.')[2], ParleyFactory.ServiceKey, ParleyFactory.SigningKey })
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Kind(JsonElement line) => line.GetProperty("Caller").GetString() switch
    {
        "service" => "service",
        "anonymous" => "anonymous",
        { } hash when hash.StartsWith("u:", StringComparison.Ordinal) => "user",
        var other => other ?? "",
    };

    private static bool IsRequestLine(JsonElement line) =>
        line.TryGetProperty("@mt", out var template) && template.GetString()!.StartsWith("{Method} {Route}", StringComparison.Ordinal);

    private List<JsonElement> RequestLines() =>
        [.. LogText().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).Where(IsRequestLine)];

    /// <summary>
    /// The test server hands back a response before its request has finished unwinding, so the
    /// server is stopped only once every request has logged its line (the file is flushed each second).
    /// </summary>
    private async Task WaitForRequestLinesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (FlushedRequestLines() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {count} request lines were logged.");
            await Task.Delay(100);
        }
    }

    private int FlushedRequestLines()
    {
        var text = LogText(allowEmpty: true);
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(line => IsRequestLine(JsonDocument.Parse(line).RootElement));
    }

    private string LogText(bool allowEmpty = false)
    {
        var logs = Path.Combine(_directory, "logs");
        var files = Directory.Exists(logs) ? Directory.GetFiles(logs, "parley-*.log") : [];
        Assert.True(allowEmpty || files.Length > 0, "No log file was written.");
        return string.Concat(files.Order().Select(ReadShared));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
