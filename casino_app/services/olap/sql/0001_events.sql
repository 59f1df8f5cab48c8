-- The OLAP schema, version 1. Applied in order by casino_app.services.olap.schema (one statement per block,
-- blocks separated by a line holding only ";"). {tz} is the business time zone (BUSINESS_TIMEZONE).
-- Every table is keyed by the outbox event id; the sink inserts an event id into a table at most once.

-- Every outbox event as it was emitted (payload: the JSON text).
CREATE TABLE IF NOT EXISTS events (
    event_id UInt64,
    topic LowCardinality(String),
    key String,
    user_id Int64,  -- 0 = not a player's event
    occurred_at DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    payload String
) ENGINE = ReplacingMergeTree
ORDER BY (topic, event_id)
;
-- Paid and refunded orders (shop.orders); revenue_krw is signed: + when paid, − when refunded.
CREATE TABLE IF NOT EXISTS purchases (
    event_id UInt64,
    order_code String,
    user_id Int64,
    status LowCardinality(String),
    amount_krw Int64,
    revenue_krw Int64,
    gold Int64,
    bonus_gold Int64,
    product_id Int64,  -- 0 = none (a limited package)
    limited_package_id Int64,  -- 0 = none
    provider LowCardinality(String),
    occurred_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY event_id
;
-- Settled game rounds (game.rounds): every game, crash bets included.
CREATE TABLE IF NOT EXISTS rounds (
    event_id UInt64,
    user_id Int64,
    game LowCardinality(String),
    config_version UInt32,
    bet Int64,
    payout Int64,
    occurred_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (game, event_id)
;
-- Purchase funnel steps (shop.funnel): open_shop, buy_click, buy_success, buy_fail.
CREATE TABLE IF NOT EXISTS funnel (
    event_id UInt64,
    user_id Int64,
    step LowCardinality(String),
    occurred_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (step, event_id)
;
-- Ledger legs (ledger.transfers): direction is source (system → player), sink (player → system) or internal.
CREATE TABLE IF NOT EXISTS gold_flows (
    event_id UInt64,
    leg UInt16,
    kind LowCardinality(String),
    source String,
    target String,
    amount Int64,
    direction LowCardinality(String),
    occurred_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (event_id, leg)
;
-- Events the embedded relay could not map (with Kafka they go to the dead-letter topic instead).
CREATE TABLE IF NOT EXISTS dead_letters (
    event_id UInt64,
    topic LowCardinality(String),
    reason String,
    payload String,
    received_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY event_id
;
-- Purchases per business day, kept up to date by the materialized view below.
CREATE TABLE IF NOT EXISTS purchases_daily_agg (
    day Date,
    paid_orders SimpleAggregateFunction(sum, UInt64),
    refunded_orders SimpleAggregateFunction(sum, UInt64),
    revenue_krw SimpleAggregateFunction(sum, Int64),
    buyers AggregateFunction(uniqExact, Int64)
) ENGINE = AggregatingMergeTree
ORDER BY day
;
CREATE MATERIALIZED VIEW IF NOT EXISTS purchases_daily_mv TO purchases_daily_agg AS
SELECT
    toDate(occurred_at, '{tz}') AS day,
    countIf(status = 'paid') AS paid_orders,
    countIf(status = 'refunded') AS refunded_orders,
    sum(revenue_krw) AS revenue_krw,
    uniqExactStateIf(user_id, status = 'paid') AS buyers
FROM purchases
GROUP BY day
