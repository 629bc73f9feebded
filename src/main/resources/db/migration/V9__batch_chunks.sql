-- A batch file loads in chunks on several workers at once, so chunks commit out of order: each chunk
-- (or, when a chunk held a row that could not be used, each of its rows) records the lines it covers
-- here, in its own transaction. A load cut short resumes with exactly the lines no committed chunk
-- holds. batch_file's line counters are filled in from these rows when the file is done.
CREATE TABLE batch_chunk (
    file_id     uuid NOT NULL REFERENCES batch_file(id),
    first_line  bigint NOT NULL,
    last_line   bigint NOT NULL,
    loaded      int NOT NULL,
    rejected    int NOT NULL,
    PRIMARY KEY (file_id, first_line)
);

-- A file an earlier version was loading when it stopped: the lines it had done, as one chunk.
INSERT INTO batch_chunk (file_id, first_line, last_line, loaded, rejected)
SELECT id, 1, lines_done, lines_loaded, lines_rejected FROM batch_file WHERE status = 'loading' AND lines_done > 0;
