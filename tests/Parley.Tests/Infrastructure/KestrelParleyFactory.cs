using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The server on real Kestrel at a random loopback port: streaming, back-pressure and
/// disconnects behave as they do in production, which the in-memory test server cannot show.
/// </summary>
public class KestrelParleyFactory : ParleyFactory
{
    public KestrelParleyFactory()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        ClientOptions.BaseAddress = BaseAddress;
    }

    public Uri BaseAddress { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Parley:Events:PingSeconds"] = "0.2",
        ["Parley:Events:BufferSize"] = "64",
    };
}
