-- Built without blocking writes: CREATE INDEX CONCURRENTLY cannot run inside a transaction,
-- so this migration opts out of the per-migration transaction. schemactl runs the statements
-- one at a time (dbmate would send both at once and fail).

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY posts_published_at_idx ON posts (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY users_lower_email_idx;
DROP INDEX CONCURRENTLY posts_published_at_idx;
