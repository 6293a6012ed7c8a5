using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The real server in memory, on a fresh SQLite file in its own data directory, or with
/// <c>PARLEY_TEST_PROVIDER=Postgres</c> on a fresh PostgreSQL database. One per test class
/// (IClassFixture); tests still use random usernames so they never share rows.
/// </summary>
public class ParleyFactory : WebApplicationFactory<Program>
{
    public const string ServiceKey = "test-service-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string SigningKey = "test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The PostgreSQL database this server runs on; null on SQLite.</summary>
    public string? PostgresDatabase { get; } = TestPostgres.IsProviderForApiTests ? TestPostgres.CreateDatabase() : null;

    /// <summary>Extra settings a test class needs (rate limits, environment…).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual string Environment => "Production";

    /// <summary>False to start without a configured service key and signing key, so the server generates both.</summary>
    protected virtual bool ConfigureKeys => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Parley:DataDirectory", DataDirectory);
        if (ConfigureKeys)
        {
            builder.UseSetting("Parley:Auth:ServiceKey", ServiceKey);
            builder.UseSetting("Parley:Auth:SigningKey", SigningKey);
        }

        builder.UseSetting("Parley:RateLimit:PermitsPerSecond", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (PostgresDatabase is not null)
        {
            builder.UseSetting("Parley:Database:Provider", "Postgres");
            builder.UseSetting("Parley:Database:ConnectionString", PostgresDatabase);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateServiceClient() => CreateClientWith(ServiceKey);

    public HttpClient CreateClientWith(string? credential)
    {
        // Every answer a test receives through these clients is checked against the published
        // OpenAPI document for its route, method and status, so the document cannot drift.
        var client = CreateDefaultClient(ClientOptions.BaseAddress, Contract.OpenApiResponseValidator.For(this));
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    /// <summary>A client carrying a real user token minted through <c>POST /v1/tokens</c>.</summary>
    public async Task<HttpClient> CreateUserClientAsync(string username) => CreateClientWith(await MintTokenAsync(username));

    public async Task<string> MintTokenAsync(string username, long? expiresIn = null)
    {
        using var service = CreateServiceClient();
        using var response = await service.PostAsJsonAsync("/v1/tokens", new { username, expires_in = expiresIn }, Api.Cancelled);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Api.Cancelled));
        return body.RootElement.GetProperty("token").GetString()!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (PostgresDatabase is not null)
            {
                TestPostgres.DropDatabase(PostgresDatabase);
            }

            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A log file still flushing; the temp folder is cleaned by the OS.
            }
        }
    }
}
