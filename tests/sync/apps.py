from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.sync"
    label = "tests_sync"
    default_auto_field = "django.db.models.BigAutoField"
