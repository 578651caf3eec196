"""The loops that write a project: ingest (files to documents) and annotate (the engine over
what is stale). They decide what to do; the store keeps what they did."""
