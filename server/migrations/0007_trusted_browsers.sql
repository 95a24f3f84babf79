-- Browsers a user has logged in from before (OWASP's "device cookie"): a right password
-- from one of them is checked whatever strangers at the same address have tried, so
-- junk logins from behind the same NAT or proxy cannot lock the staff out. The cookie
-- holds a random token; only its SHA-256 is kept. Five wrong passwords through one
-- cookie and it is trusted no more.
CREATE TABLE trusted_browsers (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    failures   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX trusted_browsers_user ON trusted_browsers (user_id, created_at);
