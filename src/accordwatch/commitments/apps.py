from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "accordwatch.commitments"
    label = "commitments"
    verbose_name = "commitments tracker"

    def ready(self) -> None:
        from accordwatch.commitments import evidence

        evidence.register(evidence.RelatedCommitmentsProvider())
        evidence.register(evidence.MeetingsProvider())
