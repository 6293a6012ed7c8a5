using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Tells SQLite's outages from Parley's bugs. An outage is a state of the database file or of
/// the machine, not of the statement: the same statement may succeed later, or once an
/// operator has freed the disk, the lock or the file. Everything else (a constraint broken, a
/// statement SQLite cannot prepare, a misused API) is a bug and stays the driver's exception.
/// </summary>
internal static class SqliteFailures
{
    /// <summary>Whether <paramref name="ex"/>'s primary result code is one of the outages.</summary>
    public static bool IsOutage(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) is
        SQLITE_BUSY // another connection or process held the lock past the busy timeout
        or SQLITE_LOCKED // a lock held inside this process, the same wait by another name
        or SQLITE_PROTOCOL // the WAL's locks stayed contended past SQLite's own retries
        or SQLITE_IOERR
        or SQLITE_FULL // the disk (or the file's size limit)
        or SQLITE_NOMEM
        or SQLITE_CANTOPEN // missing directory, a directory in the file's place, too many open files
        or SQLITE_PERM or SQLITE_READONLY // permissions, a read-only file or file system
        or SQLITE_CORRUPT or SQLITE_NOTADB; // damaged, or not a database: for the operator to repair

    public static StoreUnavailableException Unavailable(SqliteException ex) => new("The database is not available.", ex);
}
