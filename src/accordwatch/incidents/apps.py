from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "accordwatch.incidents"
    label = "incidents"
    verbose_name = "security incidents and ceasefire violations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accordwatch.commitments import evidence
        from accordwatch.core import importing
        from accordwatch.incidents import imports, rollup
        from accordwatch.incidents.evidence import IncidentsProvider
        from accordwatch.incidents.models import Incident

        evidence.register(IncidentsProvider())
        # Each save or delete of one incident (every service, the generic publication_set)
        # brings the rollup's months up to date in its own transaction; bulk writes call
        # rollup.refresh themselves, and the imports below at the end of theirs.
        post_save.connect(rollup.refresh_if_stale, sender=Incident, dispatch_uid="rollup_save")
        post_delete.connect(rollup.refresh_if_stale, sender=Incident, dispatch_uid="rollup_del")
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
        monitor = importing.ImportOption(
            "--monitor",
            "the file holds the secretariat's own records exported as ACLED CSV: "
            "import them into their own dataset, not ACLED's",
        )
        importing.register(
            importing.ImportKind(
                key="acled",
                label=_("ACLED export (CSV)"),
                handler=imports.acled_import_file,
                options=(create_missing, deletions, monitor),
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
