-- Each node's grain calls over its last heartbeat interval, per grain type: count, failures, rate and latency
-- percentiles, for the operator dashboard. Written by the node's heartbeat; not used for placement.
ALTER TABLE cluster_nodes ADD COLUMN calls jsonb NOT NULL DEFAULT '{}'::jsonb;
