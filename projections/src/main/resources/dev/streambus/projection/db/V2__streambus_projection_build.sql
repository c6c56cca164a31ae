-- Builds of each projection (blue/green): every build lives in its own schema (schema_name); the base schema holds
-- one view per read-model table pointing at the SERVING build. States: BUILDING, SERVING, RETIRED (dropped after
-- retire_after), DROPPED, FAILED, CANCELLED.
CREATE TABLE streambus_projection_build (
    projection   VARCHAR(200)     NOT NULL,
    build_no     INT              NOT NULL,
    version      INT              NOT NULL,
    schema_name  VARCHAR(128)     NOT NULL,
    state        VARCHAR(20)      NOT NULL,
    done_count   BIGINT           NOT NULL,
    total_count  BIGINT           NOT NULL,
    rate         DOUBLE PRECISION NOT NULL,
    error_stream VARCHAR(512),
    error_entry  VARCHAR(64),
    error_cause  VARCHAR(4000),
    created_at   TIMESTAMP        NOT NULL,
    updated_at   TIMESTAMP        NOT NULL,
    swapped_at   TIMESTAMP,
    retire_after TIMESTAMP,
    PRIMARY KEY (projection, build_no)
);
