-- Framework tables inside one build's schema (history table: streambus_schema_history of that schema): the
-- build's checkpoints, guard rows and recorded failures commit with its read-model writes.

CREATE TABLE streambus_guard (
    projection VARCHAR(200) NOT NULL,
    stream     VARCHAR(512) NOT NULL,
    entry_ms   BIGINT       NOT NULL,
    entry_seq  BIGINT       NOT NULL,
    PRIMARY KEY (projection, stream, entry_ms, entry_seq)
);

CREATE TABLE streambus_checkpoint (
    projection VARCHAR(200) NOT NULL,
    stream     VARCHAR(512) NOT NULL,
    last_ms    BIGINT       NOT NULL,
    last_seq   BIGINT       NOT NULL,
    updated_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (projection, stream)
);

CREATE TABLE streambus_projection_failure (
    projection VARCHAR(200)  NOT NULL,
    stream     VARCHAR(512)  NOT NULL,
    entry_ms   BIGINT        NOT NULL,
    entry_seq  BIGINT        NOT NULL,
    error      VARCHAR(4000) NOT NULL,
    failed_at  TIMESTAMP     NOT NULL,
    PRIMARY KEY (projection, stream, entry_ms, entry_seq)
);
