using Microsoft.Extensions.Options;

namespace Parley.Storage;

/// <summary>
/// The data directory (<c>Parley:DataDirectory</c>) and what Parley keeps in it: the SQLite
/// database with its -wal and -shm files, the generated keys and the log files. At start it is
/// created 0700, or, when it exists, it and those files lose any permission of the group and
/// of others, each change with a warning: an older release created them 0755 and 0644. What
/// is created later is created private (<see cref="PrivateFiles"/>).
/// </summary>
internal sealed class DataDirectory(IOptions<ParleyOptions> options, ILogger<DataDirectory> log)
{
    private static readonly string[] KnownFiles = ["parley.db", "parley.db-wal", "parley.db-shm", "service-key", "signing-key"];

    public string Path => options.Value.ResolveDataDirectory();

    public void Secure()
    {
        var directory = Path;
        if (!Directory.Exists(directory))
        {
            PrivateFiles.CreateDirectory(directory);
            return;
        }

        Tighten(directory);
        foreach (var name in KnownFiles)
        {
            Tighten(System.IO.Path.Combine(directory, name));
        }

        var logs = System.IO.Path.Combine(directory, "logs");
        if (Directory.Exists(logs))
        {
            Tighten(logs);
            foreach (var file in Directory.EnumerateFiles(logs))
            {
                Tighten(file);
            }
        }
    }

    private void Tighten(string path)
    {
        if (PrivateFiles.Tighten(path) is { } was)
        {
            StorageLog.PermissionsTightened(log, path, PrivateFiles.Octal(was));
        }
    }
}
