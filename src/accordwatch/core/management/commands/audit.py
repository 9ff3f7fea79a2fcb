from django.core.management.base import BaseCommand, CommandError

from accordwatch.core import audit
from accordwatch.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit log: `accordwatch audit verify` walks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="fail if any audit row was altered or removed")

    def handle(self, *args, action, **options):
        problems = list(audit.verify())
        if problems:
            for problem in problems:
                self.stderr.write(f"audit row {problem.seq}: {problem.message}")
            raise CommandError(f"the audit log is NOT intact: {len(problems)} problem(s) found")
        count = AuditEvent.objects.count()
        self.stdout.write(f"audit log intact: {count} event(s), hash chain verified")
