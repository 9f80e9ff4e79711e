-- Access (issue 11): the audit log of every change, the brakes on password guessing,
-- and server secrets (the cookie signing key), generated at `etl init`, never in the repository.

CREATE SEQUENCE audit_seq START 1;

CREATE TABLE audit_log (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    at_utc      TIMESTAMP NOT NULL,            -- UTC, shown in Vietnam time
    actor       VARCHAR NOT NULL,              -- account name, or the system account for the CLI
    action      VARCHAR NOT NULL,              -- load, undo, redo, alias, user_create, login_failed, ...
    target      VARCHAR,                       -- what was changed: "lô 12", "tài khoản lan", ...
    before_json VARCHAR,                       -- JSON of the state before (NULL for a creation)
    after_json  VARCHAR                        -- JSON of the state after (NULL for a deletion)
);

CREATE TABLE login_failures (
    username         VARCHAR PRIMARY KEY,       -- as typed (lower case), existing or not
    failures         INTEGER NOT NULL,          -- consecutive failures since the last success
    last_failure_utc TIMESTAMP NOT NULL,
    locked_until_utc TIMESTAMP
);

CREATE TABLE app_secrets (
    name       VARCHAR PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TIMESTAMP DEFAULT current_timestamp
);

-- Which unit reported a task's progress (a focal officer's report from the page); tasks led by
-- "UBND cấp xã" belong to every commune, so each commune's report is kept apart.
ALTER TABLE task_reports ADD COLUMN unit_id VARCHAR;
