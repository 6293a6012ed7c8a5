-- The same shape as SQLite's 0001. Ids are uuid (UUIDv7, so new rows land at the right-hand
-- edge of each index); times are timestamptz, written at millisecond precision.
-- Every key of a per-thread table leads with thread_id: a thread's rows sit together in
-- each index, and the tables could be distributed by thread id (Citus and the like) as is.

CREATE TABLE threads (
    id         uuid        NOT NULL PRIMARY KEY,
    title      text,
    created_at timestamptz NOT NULL,
    -- Bumped by every send under the row's lock: the lock is what orders a thread's seqs.
    last_seq   bigint      NOT NULL DEFAULT 0
);

-- One row per member. last_activity and unread are kept up to date on every send so that
-- an inbox page is one index range and an unread count is one row, however large the thread.
CREATE TABLE thread_users (
    thread_id     uuid        NOT NULL REFERENCES threads (id),
    username      text        NOT NULL,
    position      integer     NOT NULL,
    read_seq      bigint      NOT NULL DEFAULT 0,
    unread        integer     NOT NULL DEFAULT 0,
    last_activity timestamptz NOT NULL,
    PRIMARY KEY (thread_id, username)
);

-- A user's inbox, newest first: one descending range, and with unread included the inbox
-- rows themselves come from the index alone.
CREATE INDEX thread_users_inbox ON thread_users (username, last_activity DESC, thread_id DESC) INCLUDE (unread);

-- The key (thread_id, seq) serves the newest page, before_seq and after_seq pages and the
-- last message of a thread as one range each. Text stays out of the index: a message may be
-- larger than an index entry can hold, so a page reads its (at most limit + 1) rows from the heap.
CREATE TABLE messages (
    thread_id  uuid        NOT NULL REFERENCES threads (id),
    seq        bigint      NOT NULL,
    id         uuid        NOT NULL,
    username   text        NOT NULL,
    text       text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (thread_id, seq)
);

-- An Idempotency-Key points at what its first request made: a thread, or a message (seq).
-- The primary key is what makes a key hold across server instances: a concurrent repeat
-- waits on it until the first request commits or rolls back.
CREATE TABLE idempotency_keys (
    principal   text        NOT NULL,
    key         text        NOT NULL,
    fingerprint bytea       NOT NULL,
    thread_id   uuid        NOT NULL,
    seq         bigint,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
