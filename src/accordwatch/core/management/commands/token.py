from django.core.management.base import BaseCommand, CommandError

from accordwatch.core import services
from accordwatch.core.models import ApiToken, User


class Command(BaseCommand):
    help = "API tokens for scripts: `token create USER [--name NAME]`, `token revoke PREFIX`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token (printed once)")
        create.add_argument("username")
        create.add_argument("--name", default="script")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")
        sub.add_parser("list", help="list tokens (prefixes only)")

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                user = User.objects.get(username=options["username"])
            except User.DoesNotExist:
                raise CommandError(f"no user called {options['username']!r}") from None
            _, raw = services.token_create(actor=services.SYSTEM, user=user, name=options["name"])
            self.stderr.write("Keep this token now: it is not stored and cannot be shown again.")
            self.stdout.write(raw)
        elif action == "revoke":
            token = ApiToken.objects.filter(
                prefix=options["prefix"], revoked_at__isnull=True
            ).first()
            if token is None:
                raise CommandError(f"no active token starts with {options['prefix']!r}")
            services.token_revoke(actor=services.SYSTEM, token=token)
            self.stdout.write(f"revoked {token}")
        else:
            for token in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}")
