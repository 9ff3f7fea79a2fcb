from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "accordwatch.assistance"
    label = "assistance"
    verbose_name = "assistance: pledges, commitments, payments and funds"
