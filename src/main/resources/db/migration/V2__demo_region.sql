-- Marks that the synthetic demo region has been loaded, so a restart does not load it again.
CREATE TABLE demo_region_load (
    seed        bigint NOT NULL,
    people      int NOT NULL,
    loaded_at   timestamptz NOT NULL,
    PRIMARY KEY (seed, people)
);
