using Microsoft.Extensions.Hosting;

namespace Parley.Operations;

/// <summary>
/// Where the server finds appsettings.json and wwwroot: beside Parley.dll, whatever directory it
/// was started from. The framework's default, the working directory, loses both when the
/// server is started from elsewhere (and then runs with Kestrel's looser limits), and its
/// settings watcher then watches the whole tree under that directory: started from <c>/</c>,
/// the first start took about 70 seconds. Data stays where <c>Parley:DataDirectory</c> says,
/// relative to the working directory.
/// </summary>
internal static class ContentRoot
{
    /// <summary>
    /// The application's own directory, unless a content root is given explicitly
    /// (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>, <c>DOTNET_CONTENTROOT</c>, as the
    /// test host gives one): then null, and the host takes that one as usual.
    /// </summary>
    public static string? Resolve(string[] args)
    {
        var given = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return given[HostDefaults.ContentRootKey] is null ? AppContext.BaseDirectory : null;
    }
}
