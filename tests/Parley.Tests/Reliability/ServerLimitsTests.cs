using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Reliability;

/// <summary>Parley's own limits (in code, and appsettings.json for the host's) reach Kestrel and the host.</summary>
public sealed class ServerLimitsTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public void KestrelRunsWithParleysLimits()
    {
        var limits = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(10_000, limits.MaxConcurrentConnections);
        Assert.Equal(8192, limits.MaxRequestLineSize);
        Assert.Equal(64, limits.MaxRequestHeaderCount);
        Assert.Equal(16384, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(240, limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(64 * 1024, limits.MaxRequestBodySize);
    }

    [Fact]
    public void ShutdownTimeoutComesFromAppSettings()
    {
        var host = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(15), host.ShutdownTimeout);
    }
}
