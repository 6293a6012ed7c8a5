using System.Reflection;

namespace Parley.Storage;

/// <summary>
/// The numbered schema scripts embedded for each provider, under
/// <c>Storage/&lt;Provider&gt;/Migrations</c>: <c>0001_name.sql</c> is version 1. Both providers
/// use the same numbers for the same change.
/// </summary>
internal static class MigrationScripts
{
    public static IEnumerable<(int Version, string Sql)> For(string provider)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"Parley.Storage.{provider}.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Version: int.Parse(name.AsSpan(prefix.Length, 4), provider: null), Name: name))
            .OrderBy(script => script.Version)
            .Select(script => (script.Version, Read(assembly, script.Name)));
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
