CREATE TABLE invoices (
    invoice_id   VARCHAR(64) PRIMARY KEY,
    customer     VARCHAR(200) NOT NULL,
    amount_cents BIGINT NOT NULL
);
