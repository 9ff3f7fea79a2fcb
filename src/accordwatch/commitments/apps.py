from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "accordwatch.commitments"
    label = "commitments"
    verbose_name = "commitments tracker"

    def ready(self) -> None:
        from accordwatch.commitments import evidence

        evidence.register(evidence.RelatedCommitmentsProvider())
        evidence.register(evidence.MeetingsProvider())

        from accordwatch.commitments.imports import commitments_import_file
        from accordwatch.core import importing

        importing.register(
            importing.ImportKind(
                key="commitments", label=_("Commitments (CSV)"), handler=commitments_import_file
            )
        )
