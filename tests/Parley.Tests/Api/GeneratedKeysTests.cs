using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class GeneratedKeysTests
{
    /// <summary>No configured keys, every log line kept, optionally on another instance's data directory.</summary>
    private sealed class GeneratedKeysFactory(string? sharedDataDirectory = null) : ParleyFactory
    {
        public LogCollector Logs { get; } = new();

        public string KeyDirectory => sharedDataDirectory ?? DataDirectory;

        protected override bool ConfigureKeys => false;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Parley:DataDirectory"] = KeyDirectory,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }

        public string ServiceKeyPath => Path.Combine(KeyDirectory, "service-key");

        public string SigningKeyPath => Path.Combine(KeyDirectory, "signing-key");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task WithoutAConfiguredServiceKeyTheServerWritesOneReadableOnlyByItsOwner()
    {
        using var factory = new GeneratedKeysFactory();
        using var client = factory.CreateClient();
        await client.GetAsync("/v1/threads");

        Assert.True(File.Exists(factory.ServiceKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(factory.ServiceKeyPath));
        Assert.True((await File.ReadAllTextAsync(factory.ServiceKeyPath)).Trim().Length >= 32);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task WithoutAConfiguredSigningKeyTheServerWritesOneReadableOnlyByItsOwner()
    {
        using var factory = new GeneratedKeysFactory();
        using var client = factory.CreateClient();
        await client.GetAsync("/v1/threads");

        Assert.True(File.Exists(factory.SigningKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(factory.SigningKeyPath));
        Assert.True((await File.ReadAllTextAsync(factory.SigningKeyPath)).Trim().Length >= 32);
    }

    [Fact]
    public async Task TheGeneratedServiceKeyIsTheOneTheServerAccepts()
    {
        using var factory = new GeneratedKeysFactory();
        using (var probe = factory.CreateClient())
        {
            await probe.GetAsync("/v1/threads");
        }

        var key = (await File.ReadAllTextAsync(factory.ServiceKeyPath)).Trim();
        using var service = factory.CreateClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/v1/threads?user={Names.User()}")).StatusCode);
        using var response = await service.PostAsJsonAsync("/v1/tokens", new { username = Names.User() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var user = factory.CreateClientWith((await response.ReadJsonAsync()).GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/v1/threads")).StatusCode);

        using var stale = factory.CreateServiceClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync($"/v1/threads?user={Names.User()}")).StatusCode);
    }

    [Fact]
    public async Task ARestartReusesTheStoredKeys()
    {
        using var first = new GeneratedKeysFactory();
        using (var probe = first.CreateClient())
        {
            await probe.GetAsync("/v1/threads");
        }

        var key = (await File.ReadAllTextAsync(first.ServiceKeyPath)).Trim();
        string token;
        using (var service = first.CreateClientWith(key))
        using (var minted = await service.PostAsJsonAsync("/v1/tokens", new { username = Names.User() }))
        {
            token = (await minted.ReadJsonAsync()).GetProperty("token").GetString()!;
        }

        using var second = new GeneratedKeysFactory(first.DataDirectory);
        using var again = second.CreateClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/v1/threads?user={Names.User()}")).StatusCode);
        using var user = second.CreateClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/v1/threads")).StatusCode);
        Assert.Equal(key, (await File.ReadAllTextAsync(second.ServiceKeyPath)).Trim());
    }

    [Fact]
    public async Task TheLogNamesTheKeyFilesButNeverTheKeys()
    {
        using var factory = new GeneratedKeysFactory();
        using (var probe = factory.CreateClient())
        {
            await probe.GetAsync("/v1/threads");
        }

        var serviceKey = (await File.ReadAllTextAsync(factory.ServiceKeyPath)).Trim();
        var signingKey = (await File.ReadAllTextAsync(factory.SigningKeyPath)).Trim();
        using (var service = factory.CreateClientWith(serviceKey))
        {
            await service.GetAsync($"/v1/threads?user={Names.User()}");
            await service.GetAsync("/v1/threads");
        }

        using (var wrong = factory.CreateClientWith(serviceKey + "x"))
        {
            await wrong.GetAsync("/v1/threads");
        }

        var lines = factory.Logs.Lines.ToList();
        Assert.Contains(lines, line => line.Contains(factory.ServiceKeyPath, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(factory.SigningKeyPath, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(serviceKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(signingKey, StringComparison.Ordinal));
    }
}
