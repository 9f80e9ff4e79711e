-- Drifting unit lists (issue 10): units an admin adds when the portal starts to score them are kept
-- across `etl init` (source 'admin', with who and when); rows a load leaves out knowingly
-- (--skip-unknown) are kept with their batch; every formula version's criterion rows are kept.
ALTER TABLE units ADD COLUMN source VARCHAR DEFAULT 'reference';
ALTER TABLE units ADD COLUMN added_by VARCHAR;
ALTER TABLE units ADD COLUMN added_at TIMESTAMP;

CREATE TABLE batch_skipped_rows (
    batch_id   INTEGER NOT NULL,
    sheet      VARCHAR,
    row_number INTEGER,                     -- Excel row number
    unit_name  VARCHAR,                     -- as written in the file
    unit_code  VARCHAR,                     -- normalised ("H15. 147" → "H15.147")
    reason     VARCHAR NOT NULL             -- Vietnamese, shown to users
);

-- One row per criterion and formula version (766 groups and indicators); `criteria` holds the newest.
CREATE TABLE criterion_versions (
    code            VARCHAR NOT NULL,
    formula_version VARCHAR NOT NULL,
    valid_from      DATE NOT NULL,
    parent_code     VARCHAR,
    level           INTEGER NOT NULL,
    name_vi         VARCHAR NOT NULL,
    max_points      DOUBLE,
    PRIMARY KEY (code, formula_version)
);
