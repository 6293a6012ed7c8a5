using System.Runtime.Versioning;
using Parley.Storage.Sqlite;

namespace Parley.Tests.Storage;

// The store's files are the server's user's only.
public sealed partial class SqliteStoreTests
{
    private const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = ReadWrite | UnixFileMode.UserExecute;

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TheStoreCreatesItsFolderAndItsDatabaseFilesForTheServersUserOnly()
    {
        var file = Path.Combine(_directory, "fresh", "parley.db");
        var store = Keep(new SqliteStore($"Data Source={file}", Time));
        await store.MigrateAsync(Ct);

        await store.CreateThreadAsync(NewThread(Alma, Bob), key: null, Ct);

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.Combine(_directory, "fresh")));
        Assert.All([file, file + "-wal", file + "-shm"], path => Assert.Equal(ReadWrite, File.GetUnixFileMode(path)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task DatabaseFilesThatOthersCouldReadAreTightenedWhenAStoreOpensThem()
    {
        var file = Path.Combine(_directory, "earlier", "parley.db");
        var earlier = Keep(new SqliteStore($"Data Source={file}", Time));
        await earlier.MigrateAsync(Ct);
        var thread = (await earlier.CreateThreadAsync(NewThread(Alma, Bob), key: null, Ct)).ThreadId;
        string[] files = [file, file + "-wal", file + "-shm"];
        foreach (var path in files)
        {
            // As an earlier release created them.
            File.SetUnixFileMode(path, ReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var store = Keep(new SqliteStore($"Data Source={file}", Time));

        Assert.All(files, path => Assert.Equal(ReadWrite, File.GetUnixFileMode(path)));
        Assert.True(await store.ThreadExistsAsync(thread, Ct));
    }
}
