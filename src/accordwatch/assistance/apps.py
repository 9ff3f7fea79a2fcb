from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "accordwatch.assistance"
    label = "assistance"
    verbose_name = "assistance: pledges, commitments, payments and funds"

    def ready(self) -> None:
        from accordwatch.assistance import exports, imports, query
        from accordwatch.assistance.evidence import AssistanceProvider
        from accordwatch.commitments import evidence
        from accordwatch.core import exporting, importing

        evidence.register(AssistanceProvider())

        # Not translated: the command's help is in English, like Django's own.
        publish = importing.ImportOption(
            "--publish",
            "make the flows this file creates public and published (flows already held "
            "keep the visibility the secretariat gave them)",
        )
        importing.register(
            importing.ImportKind(
                key="iati",
                label=_("IATI activity file (XML)"),
                handler=imports.iati_import_file,
                file_types=".xml",
                options=(publish,),
            )
        )
        importing.register(
            importing.ImportKind(
                key="fts",
                label=_("OCHA FTS flows (JSON)"),
                handler=imports.fts_import_file,
                file_types=".json",
                options=(publish,),
            )
        )
        exporting.register(
            exporting.ExportKind(
                key="hxl",
                label=_("assistance flows, HXL-tagged CSV"),
                handler=exports.hxl_export,
                filters=tuple(query.NAMES),
            )
        )
        exporting.register(
            exporting.ExportKind(
                key="flows-csv",
                label=_("assistance flows, CSV"),
                handler=exports.csv_export,
                filters=tuple(query.NAMES),
            )
        )
