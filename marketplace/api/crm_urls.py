"""Routes of the CRM API (pipelines; updates go through the sync manager)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
