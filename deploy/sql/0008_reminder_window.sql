-- Orleans' reminder service reads every reminder of its ring range at start and again every
-- RefreshReminderListPeriod (5 minutes), and keeps only those whose next tick falls within ReminderLoadingWindow
-- (10 minutes; PledgeSilo pins both): the others it parses and drops. A reminder never ticks before its start time,
-- so a row that starts beyond the window is one the service would drop; leaving it in the table changes nothing it
-- schedules (a local reminder missing from a read is removed, as one outside the window is), and a silo whose
-- entities wait for deadlines days ahead reads the few near ones instead of all of them. 20 minutes is the window
-- with room for the silos' clocks to differ from PostgreSQL's.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
  AND starttime <= now() + interval '20 minutes'
$q$),
('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
  AND starttime <= now() + interval '20 minutes'
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
