namespace Parley.Storage;

/// <summary>
/// What Parley keeps on disk is readable by the server's user only: directories 0700 and files
/// 0600, created that way rather than fixed afterwards, and tightened at start when an older
/// release or an operator left them looser (<see cref="DataDirectory"/>). Windows has no such
/// modes; there the folder's access list, set by the operator, applies.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> 0700 when it is missing (its parents, outside Parley's keeping, as usual).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty and 0600 when nothing is there yet. SQLite then
    /// gives its -wal and -shm files the database file's mode. Anything in the way is left for
    /// the caller's next step to report.
    /// </summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows() || Path.Exists(path))
        {
            return;
        }

        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Created meanwhile by another process, or not creatable here: opening it will say.
        }
    }

    /// <summary>
    /// Takes every permission of the group and of others away from <paramref name="path"/>, if
    /// it exists and has any; returns the mode it had when it changed it, else null.
    /// </summary>
    public static UnixFileMode? Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOthers) == 0)
        {
            return null;
        }

        File.SetUnixFileMode(path, mode & ~GroupAndOthers);
        return mode;
    }

    /// <summary>A mode as <c>ls -l</c> and <c>chmod</c> write it in octal, such as <c>0644</c>.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');
}
