from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accordwatch.core"
    label = "core"
    verbose_name = "accordwatch core"
