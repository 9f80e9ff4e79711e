-- Local user store: who may upload, undo and map names (roles in etl/auth.py).
-- Passwords are never stored: a per-user random salt and the scrypt hash of the password.

CREATE TABLE users (
    username      VARCHAR PRIMARY KEY,          -- lower case, no spaces
    display_name  VARCHAR,
    role          VARCHAR NOT NULL CHECK (role IN ('quan_tri', 'can_bo', 'lanh_dao', 'don_vi')),
    unit_id       VARCHAR,                      -- the focal officer's unit (role don_vi)
    salt          BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMP DEFAULT current_timestamp
);
