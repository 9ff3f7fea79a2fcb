from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "accordwatch.incidents"
    label = "incidents"
    verbose_name = "security incidents and ceasefire violations"

    def ready(self) -> None:
        from accordwatch.commitments import evidence
        from accordwatch.core import importing
        from accordwatch.incidents import imports
        from accordwatch.incidents.evidence import IncidentsProvider

        evidence.register(IncidentsProvider())
        # Not translated: the command's help is in English, like Django's own.
        create_missing = importing.ImportOption(
            "--create-missing",
            "add the actors and places the gazetteer lacks instead of only listing them",
        )
        deletions = importing.ImportOption(
            "--deletions",
            "also retire the events named in this ACLED deletions file, in the same run",
            takes_file=True,
        )
        importing.register(
            importing.ImportKind(
                key="acled",
                label=_("ACLED export (CSV)"),
                handler=imports.acled_import_file,
                options=(create_missing, deletions),
            )
        )
        importing.register(
            importing.ImportKind(
                key="acled-deletions",
                label=_("ACLED deletions file (CSV)"),
                handler=imports.acled_deletions_import_file,
            )
        )
        if imports.ucdp_available():
            importing.register(
                importing.ImportKind(
                    key="ucdp",
                    label=_("UCDP GED (CSV)"),
                    handler=imports.ucdp_import_file,
                    options=(create_missing,),
                )
            )
