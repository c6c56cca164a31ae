CREATE TABLE cli_item (
    item_id VARCHAR(100) PRIMARY KEY,
    qty     BIGINT NOT NULL,
    events  INT    NOT NULL
);
