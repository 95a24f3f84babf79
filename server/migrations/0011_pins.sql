-- A PIN a person sets to confirm on someone else's device (the handover), instead of typing
-- the password there. `pin_failures` counts wrong tries since the last right one: reserved
-- before the check, so parallel guesses cannot overrun it; at the limit the PIN stops
-- working until its owner sets a new one (the password always still works).
ALTER TABLE users ADD COLUMN pin_hash TEXT;
ALTER TABLE users ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
