-- Pledge entity host, schema 3: message texts not yet redacted, by tenant and age, for the retention sweep.
-- Partial: a redacted event leaves the index, so each sweep reads only what is still to do.

CREATE INDEX events_unredacted_message_texts ON pledge.events (tenant, at)
    WHERE kind = 'conversation' AND type = 'message_received' AND (data->>'text') IS NOT NULL;
