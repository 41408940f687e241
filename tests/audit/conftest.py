"""The audit tests use the tracking test models (app ``tests_tracking``)."""
