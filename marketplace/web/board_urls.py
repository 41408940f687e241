"""Routes of the deal board (drag-and-drop ordering)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
