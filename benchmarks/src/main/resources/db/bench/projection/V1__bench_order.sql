-- The projection benchmark's read model (one row per event), created in each build's schema.
CREATE TABLE bench_order (
    stream       VARCHAR(200) NOT NULL,
    entry_id     VARCHAR(40)  NOT NULL,
    order_id     VARCHAR(40)  NOT NULL,
    customer     VARCHAR(100) NOT NULL,
    amount_cents BIGINT       NOT NULL,
    note         VARCHAR(400) NOT NULL
);
