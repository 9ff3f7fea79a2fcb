from django.apps import AppConfig


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
                key="commitments",
                label="Commitments (CSV)",
                handler=commitments_import_file,
                help="The columns of the commitments CSV export; see docs/data-formats.md.",
            )
        )
