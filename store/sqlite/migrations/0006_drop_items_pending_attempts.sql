-- ClaimItems now finds exhausted items among the ones it claims, so the
-- index of 0005 is not read; without statistics SQLite never chose it anyway.
DROP INDEX items_pending_attempts;
