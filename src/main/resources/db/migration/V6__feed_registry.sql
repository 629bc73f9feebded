-- What each feed carries and how often it is expected to deliver (the Data Visibility Guide and
-- feed freshness are built from these).
ALTER TABLE feed ADD COLUMN categories text[] NOT NULL DEFAULT '{}';
ALTER TABLE feed ADD COLUMN content text NOT NULL DEFAULT 'structured';
ALTER TABLE feed ADD COLUMN cadence text NOT NULL DEFAULT 'real-time';
