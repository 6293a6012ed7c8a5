-- Idempotency keys are kept as SHA-256 digests: 32 bytes, however long the key (a key of 255
-- characters cost 688 bytes as text). Each principal's keys are numbered in the order they
-- were recorded (ordinal), so that recording one beyond a principal's bound forgets its
-- oldest with one index range. Concurrent claims of one principal may share a number; the
-- bound is then exceeded by at most the claims in flight. The keys recorded so far are
-- carried over.
CREATE TABLE idempotency_digests (
    principal   text        NOT NULL,
    key_digest  bytea       NOT NULL,
    ordinal     bigint      NOT NULL,
    fingerprint bytea       NOT NULL,
    thread_id   uuid        NOT NULL,
    seq         bigint,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (principal, key_digest)
);

CREATE INDEX idempotency_digests_order ON idempotency_digests (principal, ordinal);

CREATE INDEX idempotency_digests_age ON idempotency_digests (created_at);

INSERT INTO idempotency_digests (principal, key_digest, ordinal, fingerprint, thread_id, seq, created_at)
SELECT principal, sha256(convert_to(key, 'UTF8')), row_number() OVER (PARTITION BY principal ORDER BY created_at, key),
       fingerprint, thread_id, seq, created_at
FROM idempotency_keys;

-- idempotency_keys stays for instances of the previous release during a rolling upgrade (they
-- keep working, but do not see keys recorded by this one). This release only purges it; a
-- later one drops it.
