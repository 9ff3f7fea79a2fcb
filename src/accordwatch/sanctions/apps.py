from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "accordwatch.sanctions"
    label = "sanctions"
    verbose_name = "targeted sanctions"

    def ready(self) -> None:
        from accordwatch.commitments import evidence
        from accordwatch.core import importing
        from accordwatch.sanctions import imports
        from accordwatch.sanctions.evidence import SanctionsProvider

        evidence.register(SanctionsProvider())

        importing.register(
            importing.ImportKind(
                key=imports.KIND,
                label=_("UN Security Council consolidated sanctions list (XML)"),
                handler=imports.un_list_import_file,
                file_types=".xml",
            )
        )
