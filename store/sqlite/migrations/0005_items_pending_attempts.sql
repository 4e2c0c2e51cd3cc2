-- Every claim of an item counts as an attempt; each ClaimItems first fails
-- the pending items that have used up their claims. This index finds those
-- few without reading every pending item.
CREATE INDEX items_pending_attempts ON items (attempts) WHERE state = 'pending';
