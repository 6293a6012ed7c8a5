using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Parley.Http;

namespace Parley.Tests.Reliability;

/// <summary>Parley's limits are its own: no settings file is needed to keep them, and a setting still changes one.</summary>
public sealed class ServerLimitDefaultsTests
{
    [Fact]
    public void WithoutAnySettingKestrelRunsWithParleysLimits()
    {
        var limits = new KestrelServerLimits();

        ServerLimits.Apply(new ConfigurationBuilder().Build(), limits);

        Assert.Equal(10_000, limits.MaxConcurrentConnections);
        Assert.Equal(8192, limits.MaxRequestLineSize);
        Assert.Equal(64, limits.MaxRequestHeaderCount);
        Assert.Equal(16384, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate?.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate?.GracePeriod);
        Assert.Equal(240, limits.MinResponseDataRate?.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinResponseDataRate?.GracePeriod);
        Assert.Equal(64 * 1024, limits.MaxRequestBodySize);
    }

    [Fact]
    public void ASettingChangesOnlyItsOwnLimit()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxRequestHeaderCount"] = "100",
            ["Kestrel:Limits:MinResponseDataRate:BytesPerSecond"] = "100",
            ["Kestrel:Limits:MinResponseDataRate:GracePeriod"] = "00:00:10",
        }).Build();
        var limits = new KestrelServerLimits();

        ServerLimits.Apply(settings, limits);

        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(100, limits.MinResponseDataRate?.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.MinResponseDataRate?.GracePeriod);
        Assert.Equal(10_000, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate?.BytesPerSecond);
    }
}
