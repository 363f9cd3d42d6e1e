-- Pledge on Orleans, schema 4: what the Orleans AdoNet providers (10.4.x, invariant "Npgsql") need for grain
-- storage, reminders and membership. Our own SQL, written against the contract of Orleans' published scripts
-- (src/AdoNet: Shared/PostgreSQL-Main.sql, PostgreSQL-Persistence.sql, PostgreSQL-Reminders.sql and
-- PostgreSQL-Clustering.sql with their 3.6.0/3.7.0 migrations): the providers run the text they find in
-- orleansquery under fixed keys, bind fixed parameter names (@GrainIdHash, @ServiceId, ...) and read result
-- columns by name, so keys, parameter names, column names and the version (ETag) rules are kept exactly.
--
-- The providers do not qualify names with a schema: everything here lives in the default search path (public),
-- lower-case as in Orleans' PostgreSQL scripts. Our own tables stay in schema pledge.
--
-- What differs from Orleans' scripts, and why:
--  * orleansstorage has a unique key over the whole grain identity (NULLS NOT DISTINCT, PostgreSQL 15+) in
--    place of the non-unique (grainidhash, graintypehash) index. One probe finds the row, and a first write is
--    INSERT .. ON CONFLICT DO NOTHING: two activations racing to create a state can no longer both insert
--    (Orleans' INSERT .. WHERE NOT EXISTS can under READ COMMITTED); the loser gets the InconsistentStateException
--    Orleans promises. Measured with the connection options below: ~2k/s -> ~4.5k/s bare grain writes.
--  * orleansstorage has fillfactor 90: states are rewritten in place all the time and no indexed column changes,
--    so the spare room lets most rewrites be HOT updates that touch no index.
--  * orleansreminderstable has an index on (serviceid, grainhash): every silo reads its ring range
--    (ReadRangeRows1Key/2Key) periodically, which Orleans' script serves with a full scan.
--  * Membership insert/update lock the version row (FOR UPDATE) and check it before writing, instead of
--    writing first and undoing the write with ASSERT inside an EXCEPTION block: same all-or-nothing outcome,
--    no subtransaction per call.
--  * Statements that need no procedural logic are plain SQL in orleansquery (no function), so Npgsql's
--    automatic preparation covers them; functions are named orleans_* so as not to collide with the functions
--    of a database that once ran Orleans' own scripts.
--  * varchar(8000) query texts and timestamp-without-time-zone columns of old scripts are text / timestamptz.
--
-- Recommended connection-string options for the silos: No Reset On Close=true;Max Auto Prepare=20
-- (the providers open a pooled connection per call; these skip DISCARD ALL on return and keep the few hot
-- statements prepared on each physical connection).
--
-- Applied once per database by PostgresMigrator in one transaction; IF NOT EXISTS / OR REPLACE / ON CONFLICT
-- also make it safe to run again by hand.

-- ---- The providers' query table ------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) NOT NULL,
    querytext text NOT NULL,
    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- ---- Grain storage (Orleans.Persistence.AdoNet) --------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash            integer NOT NULL,
    grainidn0              bigint NOT NULL,
    grainidn1              bigint NOT NULL,
    graintypehash          integer NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512),
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer NOT NULL,
    CONSTRAINT orleansstorage_grain UNIQUE NULLS NOT DISTINCT
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid)
) WITH (fillfactor = 90);

-- Returns one row, newgrainstateversion: the new version when the write happened, else the version passed in
-- (NULL for a failed first write). The provider reads "unchanged" as a version conflict.
CREATE OR REPLACE FUNCTION orleans_write_state(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text,
    p_version integer, p_payload bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
DECLARE
    written integer;
BEGIN
    IF p_version IS NULL THEN
        -- A state never read as existing: only the first of racing writers may create it.
        INSERT INTO orleansstorage AS s (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                         grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        VALUES (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
                p_grainidextensionstring, p_serviceid, p_payload, now(), 1)
        ON CONFLICT ON CONSTRAINT orleansstorage_grain DO NOTHING
        RETURNING s.version INTO written;
    ELSE
        UPDATE orleansstorage AS s
        SET payloadbinary = p_payload, modifiedon = now(), version = s.version + 1
        WHERE s.grainidhash = p_grainidhash AND s.grainidn0 = p_grainidn0 AND s.grainidn1 = p_grainidn1
          AND s.graintypehash = p_graintypehash AND s.graintypestring = p_graintypestring
          AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND s.serviceid = p_serviceid
          AND s.version = p_version
        RETURNING s.version INTO written;
    END IF;
    RETURN coalesce(written, p_version);
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
SELECT orleans_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS newgrainstateversion
$q$),
('ReadFromStorageKey', $q$
SELECT payloadbinary, version
FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND graintypehash = @GrainTypeHash AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND serviceid = @ServiceId
$q$),
-- Clearing keeps the row (payload NULL) and bumps the version, so a later first write still conflicts properly.
('ClearStorageKey', $q$
UPDATE orleansstorage
SET payloadbinary = NULL, modifiedon = now(), version = version + 1
WHERE grainidhash = @GrainIdHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND graintypehash = @GrainTypeHash AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND serviceid = @ServiceId
  AND version = @GrainStateVersion
RETURNING version AS newgrainstateversion
$q$),
-- Used when DeleteStateOnClear is set; returns version + 1 so the provider sees a changed version.
('DeleteStorageKey', $q$
DELETE FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND graintypehash = @GrainTypeHash AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND serviceid = @ServiceId
  AND version = @GrainStateVersion
RETURNING version + 1 AS newgrainstateversion
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- ---- Reminders (Orleans.Reminders.AdoNet) --------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansreminderstable (
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(150) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint NOT NULL,
    grainhash    integer NOT NULL,
    version      integer NOT NULL,
    CONSTRAINT pk_reminderstable_serviceid_grainid_remindername PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_range ON orleansreminderstable (serviceid, grainhash);

-- The ETag is the version: 0 when created, +1 on every upsert after. Range reads are (begin, end]; the provider
-- picks ReadRangeRows2Key for a range that wraps round the ring.
INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash, version = r.version + 1
RETURNING r.version
$q$),
('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId
$q$),
('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
$q$),
('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
$q$),
('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$q$),
-- One row, one column: how many rows went (0 when the ETag is stale), read by the provider as a boolean.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM deleted
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- ---- Membership (Orleans.Clustering.AdoNet) ------------------------------------------------------------------

-- One row per cluster (DeploymentId = ClusterId): its version is the membership table's ETag, bumped by every
-- insert or update of a silo row.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150) NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable_deploymentid PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150) NOT NULL,
    address      varchar(45) NOT NULL,
    port         integer NOT NULL,
    generation   integer NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer NOT NULL,
    proxyport    integer,
    suspecttimes text,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_membershiptable_deploymentid PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_membershiptable_membershipversiontable_deploymentid
        FOREIGN KEY (deploymentid) REFERENCES orleansmembershipversiontable (deploymentid)
);

-- 1 when the silo row was added and the table version moved on from p_version; 0, with nothing changed, when
-- the version is stale or the row exists already.
CREATE OR REPLACE FUNCTION orleans_insert_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer, p_siloname text, p_hostname text,
    p_status integer, p_proxyport integer, p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
DECLARE
    added integer;
BEGIN
    -- Holding the version row makes the check and the writes below one step against concurrent silos.
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status,
                                        proxyport, starttime, iamalivetime)
    VALUES (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status,
            p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    IF added = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
    WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

-- 1 when the silo row was updated and the table version moved on from p_version; 0, with nothing changed, when
-- the version is stale or there is no such row.
CREATE OR REPLACE FUNCTION orleans_update_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
DECLARE
    changed integer;
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
    WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH added AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM added
$q$),
('InsertMembershipKey', $q$
SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
    @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS row_count
$q$),
('UpdateMembershipKey', $q$
SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime, @Version) AS row_count
$q$),
-- The liveness heartbeat: deliberately outside the table version, and its outcome is not checked.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
-- The version row comes back even with no silo row (the provider reads the table version from it).
('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$),
-- Status 3 is Active: an active silo's row is never swept, however old its heartbeat.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
