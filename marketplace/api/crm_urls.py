"""Routes of the CRM API (pipelines; updates go through the sync manager)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from .crm import CrmOrderViewSet, PipelineViewSet

router = DefaultRouter()
router.register("pipelines", PipelineViewSet, basename="crm-pipeline")
router.register("orders", CrmOrderViewSet, basename="crm-order")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
