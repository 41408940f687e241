"""Models used only by ``benchmarks/sync_bench.py`` (the django-computedfields contender)."""
