-- A feed can choose to have a Patient with an invalid NHS number rejected (4xx, quarantined)
-- rather than stored without it, with a warning, and matched by its other details (the default).
ALTER TABLE feed ADD COLUMN reject_invalid_nhs_number boolean NOT NULL DEFAULT false;
