using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

public static class Loopback
{
    /// <summary>A loopback port that was free a moment ago, for a server a test starts itself.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
