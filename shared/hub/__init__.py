"""The hub: the venue's one source of truth, an HTTP server over the event store."""
