-- crmkit's per-customer table, in portable SQL (PostgreSQL, DuckDB, and the ANSI SQL of
-- ClickHouse, BigQuery, Spark SQL, Snowflake with at most a type name changed).
--
-- It is the same aggregation crmkit builds after every load (factsQuery in
-- packages/core/src/model.ts); packages/server/test/warehouse.test.ts runs this file on
-- PostgreSQL and on native DuckDB over CDNOW and checks every customer's figures against
-- the page's.
--
-- Input: a table or view named transactions with
--   customer_id  text                     required
--   order_date   date                     required
--   amount       numeric/double           required (returns negative, netted)
--   order_id     text                     optional: without it, write  COUNT(*)  for orders
--   cost         numeric/double           optional: without it, write  CAST(NULL AS DOUBLE PRECISION)  for cost and profit
--   quantity     numeric/double           optional: without it, write  CAST(NULL AS DOUBLE PRECISION)  for quantity
--
-- Output: customer_facts, one row per customer. Export it (Parquet or CSV) and serve it
-- with crmkit's server as a data set's "facts" (docs/deploy.md). BigQuery: FLOAT64 for
-- DOUBLE PRECISION and INT64 for INTEGER; Spark SQL and ClickHouse: DOUBLE.

CREATE TABLE customer_facts AS
SELECT
  customer_id,
  CAST(COUNT(DISTINCT order_id) AS INTEGER)                        AS orders,
  CAST(COUNT(*) AS INTEGER)                                        AS lines,
  CAST(SUM(amount) AS DOUBLE PRECISION)                            AS revenue,
  CAST(SUM(cost) AS DOUBLE PRECISION)                              AS cost,
  CAST(SUM(amount) - COALESCE(SUM(cost), 0) AS DOUBLE PRECISION)   AS profit,
  CAST(SUM(quantity) AS DOUBLE PRECISION)                          AS quantity,
  MIN(order_date)                                                  AS first_order,
  MAX(order_date)                                                  AS last_order
FROM transactions
GROUP BY customer_id;
