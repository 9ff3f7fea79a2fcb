"""The browser harness: the real app in a child process, driven by Debian's chromium.

Why a child process and not pytest-django's ``live_server``: the audit table is append-only
(database triggers refuse DELETE), so the flush that ``live_server`` needs between tests
would fail, and a real server started the way an operator starts it is what a browser test
should meet anyway. Once per test session (per xdist worker) the harness

1. makes a fresh database: a SQLite file in a temporary ACCORDWATCH_VAR_DIR, or, when
   ACCORDWATCH_DATABASE_URL points at PostgreSQL, a new database on that same server;
2. runs ``accordwatch demo`` into it (it migrates, collects the static files, loads the
   data and saves the logins in var/demo-logins.json); then seeds three commitments whose
   titles the visibility test knows (through the services, so they are audited);
3. serves it on a free port of 127.0.0.1 with ``accordwatch serve`` (gunicorn);
4. stops the server and drops the database at the end.

Without chromium the browser tests skip, except in CI (``CI`` set) where they fail: CI must
never pass because the browser was missing. A failing test leaves a full-page screenshot in
var/browser-failures/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.processes import ACCORDWATCH, REPO_ROOT, clean_env, run_accordwatch, run_python

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    # The machine has no network: without these, chromium keeps trying to reach its
    # update and sync services and fills the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FAILURES_DIR = REPO_ROOT / "var" / "browser-failures"
SERVER_START_TIMEOUT = 90
PASSWORD_ENV = "AW_BROWSER_PASSWORD"

# Records the visibility journey looks for; the random part keeps them unique per run.
SEED_CODE = """
import json, sys
from accordwatch.commitments import services as cs
from accordwatch.core import services
from accordwatch.commitments.models import Document
tag = sys.argv[1]
document = Document.objects.filter(
    confidentiality="public", publication_state="published"
).order_by("adopted_on", "pk").first()
assert document is not None, "the demo has no published public document"
titles = {}
for state, conf, pub in [
    ("public", "public", "published"),
    ("internal", "internal", "published"),
    ("draft", "public", "draft"),
]:
    title = f"Browser check {tag}: {state} commitment"
    commitment, _ = cs.commitment_upsert(
        actor=services.SYSTEM, key=f"browser-{tag}-{state}", document=document, title=title,
        confidentiality=conf, publication_state=pub,
    )
    titles[state] = {"title": title, "key": commitment.key}
print(json.dumps(titles))
"""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item so the page fixture knows the test failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class App:
    """The running app: where it listens and who may log in."""

    base_url: str
    var_dir: Path
    logins: dict[str, dict[str, str]]
    seeded: dict[str, dict[str, str]]  # "public" / "internal" / "draft" -> title and key
    seed_tag: str  # in every seeded title: search for it to list them all
    log_path: Path
    env: dict[str, str] = field(repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    def login_for(self, role: str) -> tuple[str, str]:
        """(username, password) of the demo user with this role: admin, editor or member."""
        entry = self.logins[role]
        return entry["username"], entry["password"]


def _read_logins(var_dir: Path) -> dict[str, dict[str, str]]:
    """The demo's logins by role, from var/demo-logins.json.

    Accepts a list of {username, password, role} or a mapping username -> {password, role}.
    """
    raw = json.loads((var_dir / "demo-logins.json").read_text())
    entries = raw.get("logins", raw) if isinstance(raw, dict) else raw
    if isinstance(entries, dict):
        entries = [{"username": name, **values} for name, values in entries.items()]
    logins = {}
    for entry in entries:
        logins.setdefault(entry["role"], {"username": entry["username"], **entry})
    return logins


class _PostgresDatabase:
    """A database of its own on the server that ACCORDWATCH_DATABASE_URL names."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"aw_browser_{secrets.token_hex(6)}"
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path="/" + self.name))

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        self._execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _wait_until_serving(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(
        f"the server did not answer within {SERVER_START_TIMEOUT}s:\n{log_path.read_text()}"
    )


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def app(tmp_path_factory) -> Iterator[App]:
    """The demo, loaded into a fresh database and served on a free port (once per worker)."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    root = tmp_path_factory.mktemp("browser-app")
    var_dir = root / "var"
    var_dir.mkdir()
    env = clean_env(
        ACCORDWATCH_VAR_DIR=str(var_dir),
        ACCORDWATCH_SECRET_KEY=secrets.token_urlsafe(50),
        ACCORDWATCH_INSECURE_HTTP="1",  # plain HTTP on loopback: cookies must not need TLS
        ACCORDWATCH_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    database = None
    server_url = os.environ.get("ACCORDWATCH_DATABASE_URL", "")
    if server_url.startswith(("postgres://", "postgresql://")):
        database = _PostgresDatabase(server_url)
        database.create()
        env["ACCORDWATCH_DATABASE_URL"] = database.url
    process = None
    log_path = root / "server.log"
    try:
        _check(run_accordwatch("demo", env=env, timeout=900, cwd=root), "accordwatch demo")
        seed_tag = secrets.token_hex(3)
        seeded = run_python(SEED_CODE, env=env, args=(seed_tag,))
        _check(seeded, "seeding the visibility records")
        port = _free_port()
        with log_path.open("w") as log:
            process = subprocess.Popen(  # noqa: S603 (our own entry point)
                [ACCORDWATCH, "serve", "--port", str(port)],
                env={**env, "PORT": str(port)},
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_serving(base_url + "/", process, log_path)
        yield App(
            base_url=base_url,
            var_dir=var_dir,
            logins=_read_logins(var_dir),
            seeded=json.loads(seeded.stdout.strip().splitlines()[-1]),
            seed_tag=seed_tag,
            log_path=log_path,
            env=env,
        )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if database is not None:
            database.drop()


@pytest.fixture(scope="session")
def browser(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, app, request):
    """Open pages in fresh browser contexts (no shared cookies); screenshot them on failure."""
    contexts = []

    def make(locale: str = "en-GB"):
        context = browser.new_context(base_url=app.base_url, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(contexts):
            for index, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{index}.png"
                try:
                    page.screenshot(path=str(FAILURES_DIR / name), full_page=True)
                except Exception as error:  # a crashed page must not hide the real failure
                    print(f"could not screenshot {name}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """One anonymous page (the public)."""
    return new_page()


@pytest.fixture(scope="session")
def second_editor(app) -> tuple[str, str]:
    """(username, password) of a second editor, made with ``accordwatch user create`` (the
    demo has one login per role): for journeys where one editor checks another's work."""
    username = f"editor2-{app.seed_tag}"
    password = secrets.token_urlsafe(18)
    result = run_accordwatch(
        "user",
        "create",
        username,
        "--role",
        "editor",
        "--password-env",
        PASSWORD_ENV,
        env={**app.env, PASSWORD_ENV: password},
        cwd=app.var_dir.parent,
    )
    _check(result, "creating a second editor")
    return username, password


def log_in(page, app: App, role: str) -> None:
    """Sign in through the login form as the demo user with ``role``."""
    log_in_as(page, *app.login_for(role))


def log_in_as(page, username: str, password: str) -> None:
    """Sign in through the login form with these credentials."""
    from django.urls import reverse
    from playwright.sync_api import expect

    page.goto(reverse("login"))
    form = page.locator(f'form[action="{reverse("login")}"]')
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    form.locator('[type="submit"]').click()
    # A wrong password renders the login page again; success lands on another page.
    page.wait_for_url(lambda url: reverse("login") not in url)
    expect(page.locator("header")).to_contain_text(username)
