-- Grain records are JSON of a few kilobytes: above PostgreSQL's TOAST threshold, so every write compressed its payload
-- with pglz, which cost more than the rest of the update. lz4 compresses such JSON about as well at a fraction of the
-- CPU; rows already written keep their compression until they are next written.
ALTER TABLE orleansstorage ALTER COLUMN payloadbinary SET COMPRESSION lz4;
