CREATE TABLE order_summary (
    order_id    VARCHAR(100) PRIMARY KEY,
    customer    VARCHAR(100),
    total_cents BIGINT  NOT NULL,
    paid_cents  BIGINT  NOT NULL,
    shipped     BOOLEAN NOT NULL,
    events      INT     NOT NULL
);

-- one row per applied event, deliberately without a unique key: duplicates must show up here
CREATE TABLE order_event_log (
    stream   VARCHAR(512) NOT NULL,
    entry_id VARCHAR(64)  NOT NULL,
    order_id VARCHAR(100) NOT NULL
);
