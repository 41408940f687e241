"""The marketplace REST API (Django REST framework)."""
