"""`accordwatch demo`: set up ./var, migrate, collect static files, load the Mali 2017
demo and create one login per role. Running it again changes nothing."""

from __future__ import annotations

import json
import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accordwatch.core import services
from accordwatch.core.models import Role, User
from accordwatch.demo.bootstrap import ensure_secret_key, write_private
from accordwatch.demo.load import load

LOGINS_FILE = "demo-logins.json"
DEMO_USERS = [("admin", Role.ADMIN), ("analyst", Role.EDITOR), ("delegate", Role.MEMBER)]


def _new_password() -> str:
    return secrets.token_urlsafe(12)


class Command(BaseCommand):
    help = (
        "Set up the Mali 2017 demo: ./var with a secret key, database migrations, static "
        "files, the demo dataset, and one login per role (passwords in var/demo-logins.json). "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="port to show in the printed URL (default: $PORT or 8000)",
        )

    def handle(self, *args, port, **options):
        var = settings.VAR_DIR
        var.mkdir(parents=True, exist_ok=True)
        # Normally written already by the entry point, before settings were read.
        ensure_secret_key(var)
        self._step("migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        self._step("collecting static files")
        call_command("collectstatic", interactive=False, verbosity=0)
        self._step("loading the Mali 2017 demo")
        counts = load(actor=services.SYSTEM)
        logins = self._logins(var / LOGINS_FILE)
        self._report(counts, logins, port)

    def _step(self, text: str) -> None:
        self.stdout.write(f"… {text}")

    def _logins(self, path) -> list[tuple[str, str, str]]:
        """Create the demo logins once; afterwards reuse the passwords kept in ``path``."""
        stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        rows = []
        for username, role in DEMO_USERS:
            entry = stored.get(username)
            user = User.objects.filter(username=username).first()
            if user is None:
                password = entry["password"] if entry else _new_password()
                services.user_create(
                    actor=services.SYSTEM, username=username, password=password, role=role
                )
                stored[username] = {"role": str(role), "password": password}
                rows.append((username, str(role), password))
            elif entry is None:
                # Someone else's login with this name: never reset a password we did not set.
                rows.append((username, user.role, "(existing login, not managed by the demo)"))
            elif not user.check_password(entry["password"]):
                rows.append((username, user.role, "(password changed since the demo set it)"))
            else:
                rows.append((username, user.role, entry["password"]))
        text = json.dumps(stored, indent=2, sort_keys=True) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_private(path, text)
        os.chmod(path, 0o600)
        return rows

    def _report(self, counts, logins, port) -> None:
        written = sum(changed for _, changed in counts.values())
        summary = ", ".join(f"{total} {kind}" for kind, (total, _) in counts.items())
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("accordwatch demo is ready: Mali, 2017"))
        out.write(f"  data: {summary}")
        note = "" if written else " (nothing changed)"
        out.write(f"  written this run: {written} record(s){note}")
        out.write(f"  open: http://127.0.0.1:{port}/")
        # The dashboard opens on today; the demo's story is the Contact Group's meeting.
        out.write(
            f"  as the Contact Group saw it: http://127.0.0.1:{port}/?as_of=2017-09-20"
            f" · its follow-up matrix: http://127.0.0.1:{port}/matrix/"
        )
        out.write(f"  logins (kept in {settings.VAR_DIR / LOGINS_FILE}):")
        for username, role, password in logins:
            out.write(f"    {username:<10} {role:<8} {password}")
        out.write(
            "  serve: make demo, or ACCORDWATCH_INSECURE_HTTP=1 accordwatch serve "
            "(plain HTTP on this machine only)"
        )
