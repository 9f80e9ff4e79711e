-- Core warehouse: registry, catalogue, loads and observations.
-- No foreign keys: DuckDB forbids updating referenced rows; integrity is
-- checked by validation before a load and by tests.

CREATE TABLE units (
    unit_id     VARCHAR PRIMARY KEY,           -- portal code (H15, H15.15, H15.198) or CQnn
    kind        VARCHAR NOT NULL CHECK (kind IN ('province', 'department', 'commune', 'agency')),
    subkind     VARCHAR,                       -- tinh/peer, so, xa/phuong, ...
    name        VARCHAR NOT NULL,              -- canonical Vietnamese name, NFC, single spaces
    short_name  VARCHAR,
    gso_code    VARCHAR,
    portal_code VARCHAR,
    valid_from  DATE,
    valid_to    DATE
);

CREATE TABLE unit_aliases (
    alias      VARCHAR NOT NULL,
    alias_key  VARCHAR NOT NULL,               -- etl.names.name_key(alias)
    unit_id    VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,               -- reference, portal766, reviewed, user
    created_by VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (alias_key, unit_id)
);

CREATE TABLE indices (
    index_code VARCHAR PRIMARY KEY,
    name_vi    VARCHAR NOT NULL,
    cadence    VARCHAR NOT NULL,
    scale_max  DOUBLE
);

CREATE TABLE criteria (
    code            VARCHAR PRIMARY KEY,
    index_code      VARCHAR NOT NULL,
    parent_code     VARCHAR,
    level           INTEGER NOT NULL,
    name_vi         VARCHAR NOT NULL,
    unit            VARCHAR,                   -- points, percent, count, index, text, ...
    direction       VARCHAR,                   -- higher_better, lower_better, at_least, reach_100, qualitative
    max_points      DOUBLE,
    xhh_survey      BOOLEAN DEFAULT false,     -- scored by sociological survey
    lead_agency     VARCHAR,
    formula_version VARCHAR,                   -- 766 groups and indicators only
    sort_order      INTEGER
);

CREATE SEQUENCE batch_seq START 1;

CREATE TABLE batches (
    batch_id     INTEGER PRIMARY KEY DEFAULT nextval('batch_seq'),
    format       VARCHAR NOT NULL,
    file_name    VARCHAR,
    sha256       VARCHAR,
    archive_path VARCHAR,
    period_type  VARCHAR,
    period_key   VARCHAR,
    source_label VARCHAR,                      -- shown to users, e.g. "Dữ liệu mẫu: ..."
    loaded_by    VARCHAR NOT NULL,
    loaded_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    status       VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'undone')),
    row_count    INTEGER,
    undone_by    VARCHAR,
    undone_at    TIMESTAMP,
    note         VARCHAR
);

-- One row per (criterion, unit, period) per batch. A later active batch for the
-- same key supersedes an earlier one in the views; undo is a status change.
CREATE TABLE observations (
    batch_id       INTEGER NOT NULL,
    index_code     VARCHAR NOT NULL,
    criterion_code VARCHAR NOT NULL,
    unit_id        VARCHAR NOT NULL,
    period_type    VARCHAR NOT NULL CHECK (period_type IN ('day', 'month', 'quarter', 'year')),
    period_key     VARCHAR NOT NULL,           -- 2026-10-10, 2026-10, 2026-Q3, 2026
    period_end     DATE NOT NULL,
    value          DOUBLE,                     -- points for totals/groups, percent for ratios
    numerator      DOUBLE,
    denominator    DOUBLE,
    points         DOUBLE,                     -- official points where published
    max_points     DOUBLE,
    rank_official  INTEGER,
    band_official  VARCHAR,
    note           VARCHAR
);

CREATE TABLE targets (
    batch_id           INTEGER NOT NULL,
    criterion_code     VARCHAR NOT NULL,
    year               INTEGER NOT NULL,
    scope              VARCHAR NOT NULL CHECK (scope IN ('province', 'department', 'commune', 'unit')),
    unit_id            VARCHAR,                -- when scope = 'unit'
    comparator         VARCHAR NOT NULL,       -- at_least, at_most, reach_100
    value              DOUBLE,                 -- absolute target, or the increment of a relative one
    relative_base_year INTEGER,                -- set for "+3 % over 2024"
    relative_mode      VARCHAR,                -- points (add) or percent (multiply)
    text_vi            VARCHAR
);
