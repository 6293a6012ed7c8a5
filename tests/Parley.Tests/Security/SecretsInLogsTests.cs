using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>
/// A server process is used with every kind of credential, good and bad, in the header and in
/// <c>?access_token=</c>; then its log files and console output are searched for any secret,
/// username or message text.
/// </summary>
public sealed class SecretsInLogsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("as shipped")]
    [InlineData("everything at Trace")]
    public async Task NoCredentialUsernameOrMessageTextReachesTheLogs(string levels)
    {
        // As shipped: appsettings.json's levels, for the file and the console alike.
        var settings = new Dictionary<string, string?>
        {
            ["Logging:Console:LogLevel:Default"] = null,
            ["Logging:Console:LogLevel:Microsoft.Hosting.Lifetime"] = null,
        };
        if (levels == "everything at Trace")
        {
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:Console:LogLevel:Default"] = "Trace";
        }

        await using var server = new ServerUnderTest(ServerStore.Sqlite, settings);
        await server.StartAsync();
        var (alma, bob) = (Names.User("alma"), Names.User("bob"));
        var text = $"private words {Guid.NewGuid():N}";
        var secrets = new List<string> { ParleyFactory.ServiceKey, ParleyFactory.SigningKey, alma, bob, text };

        using var service = server.CreateClient();
        var thread = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(thread, text, alma);
        using var minted = await service.PostAsJsonAsync("/v1/tokens", new { username = alma });
        var token = (await minted.ReadJsonAsync()).GetProperty("token").GetString()!;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        secrets.AddRange([token, token.Split('.')[1], token.Split('.')[2], tampered]);

        using var anonymous = server.CreateClient(credential: null);
        var uses = new List<(HttpClient Client, string? Credential, string Path)>
        {
            (anonymous, token, "/v1/threads"),
            (anonymous, token, $"/v1/threads/{thread}/messages"),
            (anonymous, token, $"/thread/{thread}"),
            (anonymous, tampered, "/v1/threads"),
            (anonymous, ParleyFactory.ServiceKey[..^1] + "x", $"/v1/threads?user={alma}"),
            (anonymous, null, $"/v1/threads/{thread}/events?access_token={token}"),
            (anonymous, null, $"/v1/events?access_token={token}"),
            (anonymous, null, $"/v1/events?access_token={tampered}"),
            (anonymous, null, $"/v1/threads?access_token={token}"),
            (anonymous, null, $"/v1/events?access_token={ParleyFactory.ServiceKey}&user={alma}"),
            (anonymous, null, $"/thread/{thread}?access_token={token}"),
        };
        foreach (var (client, credential, path) in uses)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (credential is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            }

            // Streams answer with headers at once; the body is not needed.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }

        using (var post = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/thread/{thread}/{alma}")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = Infrastructure.Api.Json($$"""{"message": "{{text}} again"}"""),
        }))
        {
            Assert.True(post.IsSuccessStatusCode);
        }

        // A clean stop flushes the log file.
        server.Terminate();
        Assert.NotNull(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "logs")).SelectMany(File.ReadLines)
            .Concat(server.Output).ToList();
        var leaks = lines.Where(l => secrets.Any(s => l.Contains(s, StringComparison.OrdinalIgnoreCase))).ToList();
        Figures.Report(output, $"secrets-in-logs/{levels}", $"{uses.Count + 3} requests, {lines.Count} log lines scanned for {secrets.Count} secrets: {leaks.Count} lines hold one");

        Assert.True(lines.Count > uses.Count, "The logs hold fewer lines than requests: the scan would prove nothing.");
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines hold a secret, for example: {leaks.FirstOrDefault()}");
    }
}
