from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.tracking"
    label = "tests_tracking"
    default_auto_field = "django.db.models.BigAutoField"
