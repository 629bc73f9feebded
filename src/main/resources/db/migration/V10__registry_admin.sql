-- The registry changes at runtime through the admin API, so the database holds all of it and the
-- configuration file seeds it at each start. origin says which last set a row: what the file names
-- is set by the file at every start; what the API added stays as the API left it. A feed is never
-- deleted (its data and quarantine name it): it is made inactive, and it no longer authenticates; an
-- organisation or feed the file no longer names is made inactive at the next start.
ALTER TABLE source_organisation ADD COLUMN origin text NOT NULL DEFAULT 'configuration';
ALTER TABLE feed ADD COLUMN origin text NOT NULL DEFAULT 'configuration';
ALTER TABLE feed ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE feed ADD COLUMN drop_directory text;
ALTER TABLE feed ADD COLUMN full_extract boolean NOT NULL DEFAULT false;
ALTER TABLE source_organisation ADD COLUMN active boolean NOT NULL DEFAULT true;
