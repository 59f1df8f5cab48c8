"""Analytics reports over the OLAP store: the buy funnel, retention, spend, games and the gold economy.

Every report covers whole business days (``BUSINESS_TIMEZONE``) and is computed in ClickHouse (or chdb) from
the tables the OLAP sink fills; ``types`` holds what they return, ``csv_export`` turns each into a CSV.
"""
