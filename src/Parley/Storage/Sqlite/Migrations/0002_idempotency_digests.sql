-- Idempotency keys are kept as SHA-256 digests: 32 bytes, however long the key (a key of 255
-- characters cost 688 bytes as text). Each principal's keys are numbered in the order they
-- were recorded (ordinal), so that recording one beyond a principal's bound forgets its
-- oldest with one index range. The keys recorded so far are carried over.
CREATE TABLE idempotency_digests (
    principal   TEXT    NOT NULL,
    key_digest  BLOB    NOT NULL,
    ordinal     INTEGER NOT NULL,
    fingerprint BLOB    NOT NULL,
    thread_id   BLOB    NOT NULL,
    seq         INTEGER,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (principal, key_digest)
) WITHOUT ROWID;

CREATE INDEX idempotency_digests_order ON idempotency_digests (principal, ordinal);

CREATE INDEX idempotency_digests_age ON idempotency_digests (created_at);

-- parley_sha256: SHA-256 of the text's UTF-8, registered by the migrator.
INSERT INTO idempotency_digests (principal, key_digest, ordinal, fingerprint, thread_id, seq, created_at)
SELECT principal, parley_sha256(key), row_number() OVER (PARTITION BY principal ORDER BY created_at, key),
       fingerprint, thread_id, seq, created_at
FROM idempotency_keys;

-- One process owns a SQLite file, so no instance of the previous release still reads it.
DROP TABLE idempotency_keys;
