"""Django app holding the tables of ``tracking_bench.py`` (its models are defined there)."""
