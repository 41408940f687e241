"""URLs of the marketplace: admin, the REST API and the web pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/crm/", include("marketplace.api.crm_urls")),
    path("api/", include("marketplace.api.urls")),
    path("board/", include("marketplace.web.board_urls")),
    path("", include("marketplace.web.urls")),
]
