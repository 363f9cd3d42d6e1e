-- Pledge entity host, schema 2: webhook endpoints, deliveries (pending and dead letters).

CREATE TABLE pledge.webhook_endpoints (
    tenant      text COLLATE "C" NOT NULL,
    id          text COLLATE "C" NOT NULL,
    url         text NOT NULL,
    event_types text[] NOT NULL,
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE pledge.webhook_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant          text COLLATE "C" NOT NULL,
    endpoint_id     text COLLATE "C" NOT NULL,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    body            text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    dead_at         timestamptz,
    last_error      text,
    claimed_by      text,
    lease_until     timestamptz,
    FOREIGN KEY (tenant, endpoint_id) REFERENCES pledge.webhook_endpoints (tenant, id) ON DELETE CASCADE
);

CREATE INDEX webhook_deliveries_due ON pledge.webhook_deliveries (next_attempt_at) WHERE dead_at IS NULL;
CREATE INDEX webhook_dead_letters ON pledge.webhook_deliveries (tenant, id) WHERE dead_at IS NOT NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON pledge.webhook_deliveries (tenant, endpoint_id);
