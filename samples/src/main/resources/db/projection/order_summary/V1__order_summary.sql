CREATE TABLE order_summary (
    order_id    VARCHAR(64) PRIMARY KEY,
    customer    VARCHAR(200) NOT NULL,
    total_cents BIGINT NOT NULL,
    status      VARCHAR(20) NOT NULL,
    paid_cents  BIGINT NOT NULL DEFAULT 0,
    carrier     VARCHAR(100)
);
