-- What an operator did with each quarantined payload: held until someone replays it (as sent, or
-- fixed) or discards it with a reason. Nothing is deleted.
ALTER TABLE quarantine ADD COLUMN status text NOT NULL DEFAULT 'held';   -- held, replayed, discarded
ALTER TABLE quarantine ADD COLUMN decided_by text;
ALTER TABLE quarantine ADD COLUMN decided_at timestamptz;
ALTER TABLE quarantine ADD COLUMN decision_note text;
ALTER TABLE quarantine ADD COLUMN replayed_payload bytea;               -- the fixed content, when it was changed
CREATE INDEX quarantine_status ON quarantine (status, received_at);
