-- Pledge on Orleans, schema 5: the projection behind lists. One row per entity, written by its grain before it
-- acknowledges the command that created it or changed its status; lists page through it by key instead of
-- activating grains.

CREATE TABLE pledge.entity_index (
    tenant  text NOT NULL,
    kind    text NOT NULL,
    key     text COLLATE "C" NOT NULL,  -- ordinal order, as the in-memory index pages
    status  text,
    PRIMARY KEY (tenant, kind, key)
);

-- Review queues page by status in key order.
CREATE INDEX entity_index_by_status ON pledge.entity_index (tenant, kind, status, key) WHERE status IS NOT NULL;
