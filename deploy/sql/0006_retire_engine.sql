-- Pledge, schema 6: entities are Orleans grains (schema 4), so the tables of the engine before them leave the live
-- schema. They move to pledge_retired instead of being dropped: a deployment that ran that engine keeps its rows
-- for export until an operator drops the schema (DROP SCHEMA pledge_retired CASCADE).

CREATE SCHEMA IF NOT EXISTS pledge_retired;
ALTER TABLE IF EXISTS pledge.reaction_outbox SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.event_outbox SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.idempotency_keys SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.deadlines SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.events SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.entities SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.webhook_deliveries SET SCHEMA pledge_retired;
ALTER TABLE IF EXISTS pledge.webhook_endpoints SET SCHEMA pledge_retired;
