"""The marketplace web pages (Django templates)."""
