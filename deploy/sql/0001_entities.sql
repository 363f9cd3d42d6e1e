-- Pledge entity host, schema 1: entities, their append-only event logs, deadlines, idempotency keys and the outbox.
-- Keys use the "C" collation so that paging by key orders exactly like the in-memory host (ordinal).
-- State and event payloads are `json`, not `jsonb`: `json` keeps the text as written, and polymorphic JSON
-- needs its "type" discriminator first, which `jsonb` would reorder.

CREATE SCHEMA IF NOT EXISTS pledge;

CREATE TABLE pledge.entities (
    tenant     text COLLATE "C" NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    version    bigint NOT NULL CHECK (version > 0),
    state      json NOT NULL,
    status     text COLLATE "C",
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, kind, key)
);

CREATE INDEX entities_by_status ON pledge.entities (tenant, kind, status, key) WHERE status IS NOT NULL;

CREATE TABLE pledge.events (
    tenant   text COLLATE "C" NOT NULL,
    kind     text COLLATE "C" NOT NULL,
    key      text COLLATE "C" NOT NULL,
    sequence bigint NOT NULL CHECK (sequence > 0),
    type     text NOT NULL,
    at       timestamptz NOT NULL,
    data     json NOT NULL,
    PRIMARY KEY (tenant, kind, key, sequence)
);

-- due_at is for querying; due_ticks (UTC ticks) and due_offset_minutes give the decider's value back exactly.
CREATE TABLE pledge.deadlines (
    tenant             text COLLATE "C" NOT NULL,
    kind               text COLLATE "C" NOT NULL,
    key                text COLLATE "C" NOT NULL,
    name               text COLLATE "C" NOT NULL,
    due_at             timestamptz NOT NULL,
    due_ticks          bigint NOT NULL,
    due_offset_minutes integer NOT NULL,
    claimed_by         text,
    lease_until        timestamptz,
    PRIMARY KEY (tenant, kind, key, name)
);

CREATE INDEX deadlines_by_due ON pledge.deadlines (due_at);
CREATE INDEX deadlines_claimed ON pledge.deadlines (claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE pledge.idempotency_keys (
    tenant          text COLLATE "C" NOT NULL,
    kind            text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    idempotency_key text COLLATE "C" NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant, kind, key, idempotency_key)
);

-- Committed events on their way to webhook endpoints; body is the POST body.
CREATE TABLE pledge.event_outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text COLLATE "C" NOT NULL,
    event_id   text NOT NULL,
    event_type text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);

-- Commands one entity's events send to another entity of the same tenant.
CREATE TABLE pledge.reaction_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant          text COLLATE "C" NOT NULL,
    target_kind     text COLLATE "C" NOT NULL,
    target_key      text COLLATE "C" NOT NULL,
    command         json NOT NULL,
    idempotency_key text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    available_at    timestamptz NOT NULL,
    claimed_by      text,
    lease_until     timestamptz
);

CREATE INDEX reaction_outbox_by_available ON pledge.reaction_outbox (available_at);
CREATE INDEX reaction_outbox_claimed ON pledge.reaction_outbox (claimed_by) WHERE claimed_by IS NOT NULL;
