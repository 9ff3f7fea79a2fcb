from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "accordwatch.situation"
    label = "situation"
    verbose_name = "displacement, interim administrations and heritage"

    def ready(self) -> None:
        from accordwatch.commitments import evidence
        from accordwatch.situation.evidence import SituationProvider

        evidence.register(SituationProvider())

        from accordwatch.core import importing
        from accordwatch.situation import imports

        importing.register(
            importing.ImportKind(
                key=imports.KIND,
                label=_("Situation figures (CSV, the layout of the figures download)"),
                handler=imports.figures_import_file,
            )
        )
