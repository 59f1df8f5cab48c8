"""The OLAP store (ClickHouse): the schema, the client and the sink that writes outbox events into it.

A ClickHouse server in compose; chdb (ClickHouse's engine in-process, in ``DATA_DIR/olap``) by default.
Both are reached through ``clickhouse-connect`` and run the same SQL (``sql/*.sql``).
"""
