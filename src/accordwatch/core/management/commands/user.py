import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accordwatch.core import services
from accordwatch.core.models import Role, User


class Command(BaseCommand):
    help = (
        "Manage logins: `accordwatch user create NAME --role editor`, `user list`, `user set-role`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a login")
        create.add_argument("username")
        create.add_argument("--role", choices=Role.values, default=Role.MEMBER)
        create.add_argument("--email", default="")
        create.add_argument(
            "--password-env",
            metavar="VAR",
            help="read the password from this environment variable instead of prompting",
        )
        sub.add_parser("list", help="list logins and their roles")
        role = sub.add_parser("set-role", help="change a login's role")
        role.add_argument("username")
        role.add_argument("role", choices=Role.values)

    def handle(self, *args, action, **options):
        if action == "create":
            self._create(options)
        elif action == "list":
            for user in User.objects.order_by("username"):
                state = "" if user.is_active else " (inactive)"
                self.stdout.write(f"{user.username}\t{user.role}{state}")
        else:
            user = self._get(options["username"])
            services.user_set_role(actor=services.SYSTEM, user=user, role=options["role"])
            self.stdout.write(f"{user.username} is now {user.role}")

    def _get(self, username):
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user called {username!r}") from None

    def _create(self, options):
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user called {username!r} already exists")
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(
                    f"environment variable {options['password_env']} is empty or unset"
                )
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords do not match")
        try:
            services.user_create(
                actor=services.SYSTEM,
                username=username,
                password=password,
                role=options["role"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"created {username} ({options['role']})")
