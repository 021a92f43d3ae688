-- Rows written before responses were sealed hold keys and bodies in the clear (a body may carry a
-- private status link). They are a 24-hour cache: drop them rather than keep them until pruned.
DELETE FROM "platform_http"."idempotency_keys";
