-- Stored resources are kept as the exact JSON text the service serves (decision 0008): parsing
-- every item into jsonb on the way in, and printing it back on every read, was the largest cost
-- of both ingestion and opening a record, and no query looks inside them (the columns beside
-- them serve every search). Cast to jsonb for an ad hoc query: resource::jsonb.
ALTER TABLE clinical_item ALTER COLUMN resource TYPE text USING resource::text;
ALTER TABLE clinical_item_version ALTER COLUMN resource TYPE text USING resource::text;
ALTER TABLE shared_resource ALTER COLUMN resource TYPE text USING resource::text;
ALTER TABLE shared_resource_version ALTER COLUMN resource TYPE text USING resource::text;
ALTER TABLE source_record ALTER COLUMN resource TYPE text USING resource::text;
ALTER TABLE source_record_version ALTER COLUMN resource TYPE text USING resource::text;
