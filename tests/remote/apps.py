from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.remote"
    label = "tests_remote"
    default_auto_field = "django.db.models.BigAutoField"
