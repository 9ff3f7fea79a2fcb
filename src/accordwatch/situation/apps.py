from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "accordwatch.situation"
    label = "situation"
    verbose_name = "displacement, interim administrations and heritage"

    def ready(self) -> None:
        from accordwatch.commitments import evidence
        from accordwatch.situation.evidence import SituationProvider

        evidence.register(SituationProvider())
