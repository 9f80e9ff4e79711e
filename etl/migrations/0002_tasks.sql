-- Tasks of the plan appendix (seed 001) and the progress units report on them.

CREATE TABLE tasks (
    task_id        VARCHAR PRIMARY KEY,        -- the criterion code the task serves
    criterion_code VARCHAR,
    title          VARCHAR NOT NULL,
    content        VARCHAR,
    lead_unit_id   VARCHAR,                    -- first lead body that matched the registry
    lead_text      VARCHAR,                    -- the lead bodies as written
    executing_text VARCHAR,
    deadline_text  VARCHAR,
    deadline       DATE,
    source         VARCHAR
);

CREATE TABLE task_reports (
    batch_id    INTEGER NOT NULL,
    task_id     VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,              -- chua_bat_dau, dang_thuc_hien, hoan_thanh, ...
    progress    DOUBLE,                        -- 0–100 %
    note        VARCHAR,
    reported_on DATE NOT NULL
);
