-- Ids are 16-byte UUIDv7 blobs; times are Unix milliseconds (UTC).
-- Every key of a per-thread table leads with thread_id, as in PostgreSQL, so a thread's
-- rows sit together and could be distributed by thread id.

CREATE TABLE threads (
    id         BLOB    NOT NULL PRIMARY KEY,
    title      TEXT,
    created_at INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- One row per member. last_activity and unread are kept up to date on every send so that
-- an inbox page is one index range and an unread count is one row, however large the thread.
CREATE TABLE thread_users (
    thread_id     BLOB    NOT NULL,
    username      TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    read_seq      INTEGER NOT NULL DEFAULT 0,
    unread        INTEGER NOT NULL DEFAULT 0,
    last_activity INTEGER NOT NULL,
    PRIMARY KEY (thread_id, username)
) WITHOUT ROWID;

CREATE INDEX thread_users_inbox ON thread_users (username, last_activity DESC, thread_id DESC);

-- The clustered key (thread_id, seq) serves the newest page, before_seq and after_seq pages
-- as one range each.
CREATE TABLE messages (
    thread_id  BLOB    NOT NULL,
    seq        INTEGER NOT NULL,
    id         BLOB    NOT NULL,
    username   TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, seq)
) WITHOUT ROWID;

-- An Idempotency-Key points at what its first request made: a thread, or a message (seq).
CREATE TABLE idempotency_keys (
    principal   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    fingerprint BLOB    NOT NULL,
    thread_id   BLOB    NOT NULL,
    seq         INTEGER,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
) WITHOUT ROWID;

CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
