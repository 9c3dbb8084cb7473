-- Sojourn PostgreSQL store, schema version 1 (PostgreSQL 13 or later).
-- One row per session. The key is the HMAC-SHA-256 (or SHA-256) of the session ID, never the ID.
-- Times are epoch milliseconds on the application's clock. Attribute values are the codec's bytes,
-- base64 in a JSONB object keyed by attribute name, so one statement can apply a commit's delta.
CREATE TABLE IF NOT EXISTS sojourn_session (
  id_digest        bytea    NOT NULL PRIMARY KEY,
  layout           smallint NOT NULL,
  sealed_id        bytea,
  csrf_token       text     NOT NULL,
  user_name        text,
  authenticated_at bigint,
  created_at       bigint   NOT NULL,
  last_accessed_at bigint   NOT NULL,
  expires_at       bigint   NOT NULL,
  version          bigint   NOT NULL,
  idle_timeout     bigint   NOT NULL,
  attributes       jsonb    NOT NULL
) WITH (fillfactor = 90);
-- Cleanup deletes by deadline, oldest first, in bounded batches.
CREATE INDEX IF NOT EXISTS sojourn_session_expires_at ON sojourn_session (expires_at);
-- Listing and revoking a user's sessions.
CREATE INDEX IF NOT EXISTS sojourn_session_user_name ON sojourn_session (user_name)
  WHERE user_name IS NOT NULL;
