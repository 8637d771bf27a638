"""Personas and the small world they live in, shared by every app's tests.

Cluster A (KiAP, Sjælland) has a coordinator, a board member and two members in two clinics.
Cluster B (KiAP) has its own coordinator. Cluster E is an eKVIS cluster. Around them: the
secretariats of both schemes, a regional unit user for Sjælland, and a site admin.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pytest
from django.db.models.signals import pre_delete, pre_save
from django.test import Client
from hypothesis import HealthCheck, settings

from klynge.accounts.models import User
from klynge.clusters.models import (
    Clinic,
    ClinicAffiliation,
    Cluster,
    ClusterMembership,
    Person,
    Post,
    Region,
    Scheme,
)
from klynge.hub.tests.browser import (  # noqa: F401
    axe_violations,
    browser_login,
    scrolls_sideways,
    session_login,
)

# Property tests judge the code, not the machine: no time limits (a loaded CI machine is not a bug).
settings.register_profile(
    "klynge",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("klynge")

PERSONAS = [
    "anonymous",
    "member",
    "board",
    "coordinator",
    "other_coordinator",
    "secretariat_ekvis",
    "secretariat_kiap",
    "regional",
    "admin",
]


@dataclass
class World:
    kiap: Scheme
    ekvis: Scheme
    region: Region
    cluster_a: Cluster
    cluster_b: Cluster
    cluster_e: Cluster
    clinic_a1: Clinic
    clinic_a2: Clinic
    clinic_b1: Clinic
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


_counter = iter(range(100000, 999999))


def make_clinic(cluster, name="Lægehuset", joined=date(2020, 1, 1), kind=None) -> Clinic:
    number = f"{next(_counter):06d}"
    clinic = Clinic.objects.create(
        ydernummer=number,
        name=f"{name} {number}",
        kind=kind or ("specialist" if cluster.scheme.is_specialist else "general"),
        region=cluster.region,
        email=f"klinik{number}@example.dk",
    )
    ClusterMembership.objects.create(cluster=cluster, clinic=clinic, joined=joined)
    return clinic


def make_person(name, clinic=None, role=ClinicAffiliation.Role.OWNER, email=None, user=False):
    email = email or f"{name.lower().replace(' ', '.')}.{next(_counter)}@example.dk"
    person = Person.objects.create(name=name, email=email, phone="12 34 56 78")
    if user:
        person.user = User.objects.create_user(email=email, password="pw-Klynge-123", name=name)
        person.save()
    if clinic is not None:
        ClinicAffiliation.objects.create(
            person=person, clinic=clinic, role=role, start=date(2020, 1, 1)
        )
    return person


@contextmanager
def writes_as(*models):
    """Each save or delete of `models` meanwhile, as the actor it was done as: the label of the
    service's `by=` (what the history would name), or None for a write outside a service. For
    models without a history table, this is how a test sees that a view's write went through a
    service with its actor."""
    from klynge.clusters import audit

    seen: list[str | None] = []

    def note(sender, **kwargs):
        found = audit.current()
        seen.append(found[0].label if found else None)

    for model in models:
        pre_save.connect(note, sender=model, weak=False, dispatch_uid=f"writes_as:{model}")
        pre_delete.connect(note, sender=model, weak=False, dispatch_uid=f"writes_as:{model}")
    try:
        yield seen
    finally:
        for model in models:
            pre_save.disconnect(sender=model, dispatch_uid=f"writes_as:{model}")
            pre_delete.disconnect(sender=model, dispatch_uid=f"writes_as:{model}")


def make_cluster(scheme, slug, region) -> Cluster:
    return Cluster.objects.create(
        scheme=scheme, region=region, name=f"Klynge {slug}", slug=slug, founded=date(2019, 1, 1)
    )


@pytest.fixture(autouse=True)
def danish():
    """Each test starts in Danish, whatever language an earlier request left active, and without
    the derived data the process kept (lib/derived.py): it outlives a rolled-back test while the
    pooled world's clusters keep their tokens."""
    from django.utils import translation

    from klynge.lib import derived

    derived._local.clear()
    with translation.override("da"):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a file, as production does, not a shared in-memory database: WAL and the
    busy timeout then behave as they will for real (two workers at once, the live server)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tmp_path_factory.mktemp("sqlite")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def static_files_listed_once():
    """WhiteNoise lists and stats every static file each time a middleware chain is built, and the
    test client builds one per client: some 700 files for every test. The files do not change
    during a run, so every chain after the first takes the first one's list."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict = {}

    def add_files_from_finders(self):
        if listed:
            self.files.update(listed)
        else:
            original(self)
            listed.update(self.files)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


@pytest.fixture(autouse=True, scope="session")
def quiet_refusals():
    """Django logs each 403 and 404 as a warning (a 403 with its traceback), which pytest formats
    for its reports: milliseconds a refusal, and the access matrices make thousands. Tests assert
    the status, not the log line; an error (a 500) is still logged."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 is slow by design: the world's log-ins would cost seconds per test. The Argon2
    setting itself is tested in accounts/tests/test_accounts.py."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REFERENCE_DATA = [
    "klynge.clusters.migrations.0003_reference_data",
    "klynge.clusters.migrations.0008_rulebook_duties",
    "klynge.year.migrations.0002_report_sections",
]


def ensure_reference_data():
    """Schemes, rulebooks, regions and report sections come from data migrations. The test
    database is made from the models (--no-migrations) and a transactional test flushes it, so
    the data migrations' own loaders fill it whenever it is empty."""
    if not Scheme.objects.exists():
        from importlib import import_module

        from django.apps import apps

        for module in REFERENCE_DATA:
            import_module(module).load(apps, None)


_blocker = None  # pytest-django's database blocker, once the test database exists


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data goes into each test database once, committed: a test then finds it
    instead of loading it again inside its own transaction. PostgreSQL flushes with DELETE."""
    from klynge.hub.tests.pg_flush import delete_instead_of_truncate, end_other_sessions

    global _blocker
    with django_db_blocker.unblock():
        ensure_reference_data()
    _blocker = django_db_blocker
    with delete_instead_of_truncate():
        yield
    with django_db_blocker.unblock():
        _pool.close()  # before the test database is destroyed
        end_other_sessions()
    _blocker = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A transactional test (live server, real workers) empties the database when it ends: the
    reference data is put back, committed, before the next test starts. A world test then finds
    the worker's pooled world (built if need be); any other test finds it rolled back."""
    if _blocker is not None:
        with _blocker.unblock():
            if not pooled(item):
                _pool.close()
            ensure_reference_data()
            if pooled(item) and _pool.atomic is None:
                _pool.open()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Every test with a database starts with the reference data a migrated database has."""
    names = set(request.fixturenames)
    if {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")  # honours the marker's transaction=True
    else:
        return
    ensure_reference_data()


def build_world() -> World:
    ensure_reference_data()
    kiap = Scheme.objects.get(code="kiap")
    ekvis = Scheme.objects.get(code="ekvis")
    region = Region.objects.get(code="sjaelland")
    cluster_a = make_cluster(kiap, "klynge-a", region)
    cluster_b = make_cluster(kiap, "klynge-b", region)
    cluster_e = make_cluster(ekvis, "klynge-e", Region.objects.get(code="hovedstaden"))
    clinic_a1 = make_clinic(cluster_a)
    clinic_a2 = make_clinic(cluster_a)
    clinic_b1 = make_clinic(cluster_b)
    w = World(kiap, ekvis, region, cluster_a, cluster_b, cluster_e, clinic_a1, clinic_a2, clinic_b1)

    def person_user(key, name, clinic, role=ClinicAffiliation.Role.OWNER, post=None, cluster=None):
        person = make_person(name, clinic, role, email=f"{key}@example.dk", user=True)
        if post:
            Post.objects.create(
                cluster=cluster or cluster_a, person=person, kind=post, start=date(2020, 1, 1)
            )
        w.people[key] = person
        w.users[key] = person.user

    person_user("coordinator", "Karen Koordinator", clinic_a1, post=Post.Kind.COORDINATOR)
    person_user("board", "Bent Bestyrelse", clinic_a1, post=Post.Kind.BOARD)
    person_user("member", "Mette Medlem", clinic_a1, role=ClinicAffiliation.Role.EMPLOYED)
    person_user("member2", "Morten Andenklinik", clinic_a2, role=ClinicAffiliation.Role.EMPLOYED)
    person_user(
        "other_coordinator",
        "Ole Andenklynge",
        clinic_b1,
        post=Post.Kind.COORDINATOR,
        cluster=cluster_b,
    )
    w.users["secretariat_kiap"] = User.objects.create_user(
        "sekretariat.plo@example.dk", "pw-Klynge-123", secretariat_of=kiap, name="PLO"
    )
    w.users["secretariat_ekvis"] = User.objects.create_user(
        "sekretariat.ekvis@example.dk", "pw-Klynge-123", secretariat_of=ekvis, name="eKVIS"
    )
    w.users["regional"] = User.objects.create_user(
        "kap-s.user@example.dk", "pw-Klynge-123", regional_unit_of=region, name="KAP-S"
    )
    w.users["admin"] = User.objects.create_superuser("admin@example.dk", "pw-Klynge-123")
    w.users["anonymous"] = None
    return w


class WorldPool:
    """One world per worker, reused by every test that asks for it, as Django's
    `TestCase.setUpTestData` reuses a class's data: the world is written once inside an outer
    transaction that is never committed; each test runs in its own savepoint within it (the `db`
    fixture's transaction) and gets a deep copy of the world's objects, so neither its writes nor
    its in-memory changes reach the next test. Any other test (no world, a transactional one)
    first rolls the outer transaction back, so it finds the database as it would without the pool;
    the next world test builds the world again. Tests are ordered so that world tests run together
    (pytest_collection_modifyitems below)."""

    def __init__(self):
        self.atomic = None
        self.world = None
        self.sessions: dict = {}  # user pk -> (key, data, row, expiry)
        self.builds = 0

    def open(self):
        from django.db import connection, transaction
        from django.test import override_settings
        from django.utils import translation

        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        connection.atomic_blocks[-1]._from_testcase = True  # durable blocks inside are allowed
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS), translation.override("da"):
            self.world = build_world()
            self.sessions = {}
            for user in self.world.users.values():
                if user is not None:
                    client = Client()
                    client.force_login(user)  # sets the in-memory user's last_login, as saved
                    key, expires = client.session.session_key, client.session.get_expiry_date()
                    self.sessions[user.pk] = (key, client.session.load(), session_row(key), expires)
        self.builds += 1

    def session_for(self, user) -> str | None:
        """The key of the persona's pooled session, if it is still as it was logged in: not
        changed, cycled or ended by this test, not expired (a test that travels in time), and the
        user's password unchanged. Otherwise None, and the caller logs in anew. The row is compared
        as stored (any save re-signs it), not decoded: the matrices ask thousands of times."""
        from django.contrib.auth import HASH_SESSION_KEY
        from django.utils import timezone

        if self.world is None or user.pk not in self.sessions:
            return None
        key, data, row, expires = self.sessions[user.pk]
        if data.get(HASH_SESSION_KEY) != user.get_session_auth_hash():
            return None
        return key if expires > timezone.now() and session_row(key) == row else None

    def close(self):
        from django.db import connection, transaction

        if self.atomic is not None:
            atomic, self.atomic, self.world, self.sessions = self.atomic, None, None, {}
            if connection.in_atomic_block:  # not if closed meanwhile (rolled back with it)
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


_pool = WorldPool()


def transactional(item) -> bool:
    """Whether pytest-django runs this test as a TransactionTestCase (committing, then flushing)."""
    names = set(item.fixturenames)
    kinds = {"transactional_db", "live_server", "django_db_reset_sequences"}
    if names & kinds:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    from pytest_django.fixtures import validate_django_db

    transaction, reset_sequences, *_ = validate_django_db(marker)
    return bool(transaction or reset_sequences)


def pooled(item) -> bool:
    return "world" in item.fixturenames and not transactional(item)


def run_order(item, slow: dict) -> tuple:
    """Longest first, so that both workers finish together: the tests known to be slow (by their
    last measured seconds), then the other transactional ones, then the world tests together (they
    share the pooled world), then the other database tests, then the rest (fast, and many: they
    fill the gaps at the end)."""
    if item.nodeid in slow:
        return (0, -slow[item.nodeid])
    if transactional(item) or item.get_closest_marker("e2e"):
        return (1, 0)
    if pooled(item):
        return (2, 0)
    if "db" in item.fixturenames or item.get_closest_marker("django_db"):
        return (3, 0)
    return (4, 0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's own order (database tests, then transactional, then the rest)."""
    from pathlib import Path

    listed = Path(__file__).with_name("slow_tests.txt").read_text().splitlines()
    slow = {}
    for line in listed:
        if line.strip() and not line.startswith("#"):
            seconds, nodeid = line.split(maxsplit=1)
            slow[nodeid] = float(seconds)
    items.sort(key=lambda item: run_order(item, slow))


@pytest.fixture
def world(db) -> World:
    """The personas' world: a deep copy of the worker's pooled one, or a new one (for a
    transactional test, which commits it and flushes it afterwards)."""
    if _pool.world is not None:
        import copy

        return copy.deepcopy(_pool.world)
    return build_world()


@pytest.fixture
def blank_pdfs(monkeypatch):
    """For tests that ask who may fetch a document, not what it looks like: the document's HTML
    is still rendered from its template, but the PDF is a blank page instead of a typeset one
    (typesetting is tested in lib/tests/test_pdf.py and by each app's document tests)."""
    from klynge.lib import pdf

    blank = blank_pdf()
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: blank)


@cache
def blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user (or stays anonymous for None)."""

    def _login(user):
        return log_in(client, user)

    return _login


def session_row(key: str) -> tuple | None:
    """A session's row as stored (its data still signed), read without the ORM's query building."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM django_session WHERE session_key = %s", [key])
        return cursor.fetchone()


def log_in(client, user):
    """What `client.logout(); client.force_login(user)` does, but a world persona gets the session
    it was logged in with when the pooled world was built (a login costs a dozen queries and the
    matrix tests make thousands); it is checked to be unchanged first (WorldPool.session_for)."""
    from http.cookies import SimpleCookie

    from django.conf import settings

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    pooled_keys = {entry[0] for entry in _pool.sessions.values()}
    if cookie is not None and cookie.value not in pooled_keys:
        client.logout()  # a session of this test's own: ended, as a browser's logout would
    client.cookies = SimpleCookie()  # as client.logout() leaves them
    if user is not None:
        key = _pool.session_for(user)
        if key is None:
            client.force_login(user)
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


# --- End-to-end tests: Playwright (Python) driving Debian's chromium against the live server.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Baseline JIT only: a test page's scripts (axe above all) run for a moment on a fresh page,
    # too briefly for the optimising compilers to earn their CPU (axe's runs ~30% cheaper).
    "--js-flags=--max-opt=1",
]


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def shared_page(browser, live_server):
    """The worker's one browser page (hub/tests/browser.py: SharedPage)."""
    from klynge.hub.tests.browser import SharedPage
    from klynge.hub.tests.static_route import cache_static

    cache_static(live_server)
    shared = SharedPage(browser, live_server.url)
    yield shared
    shared.close()


@pytest.fixture
def page(shared_page, live_server):
    """A browser page on the live server, as new: nothing of an earlier test left in it;
    `page.foreign_requests` lists any request that left 127.0.0.1 (there must be none)."""
    with shared_page.for_a_test() as page:
        yield page


@pytest.fixture
def demo(transactional_db, tmp_path_factory) -> list[str]:
    """The demo in this test's database: loaded once per run, then copied (hub/tests/demo_copy.py);
    its log-in e-mails. Ask for it before `blank_pdfs`, so the demo is the same whoever loads it."""
    from klynge.hub.tests.demo_copy import load_demo

    return load_demo(tmp_path_factory.getbasetemp())


# --- Real SMTP servers on 127.0.0.1 (aiosmtpd) that refuse, drop, stall or are absent.


@pytest.fixture
def smtp_server(settings):
    """smtp_server(**faults) starts a FaultySMTP (klynge/mail/tests/smtp.py), points the outbox's
    delivery mailer at it and returns it; its `port` attribute says where it listens."""
    from klynge.mail.tests.smtp import FaultySMTP, Servers, delivery_to

    servers = Servers()

    def start(port=None, timeout=5, **faults):
        handler = FaultySMTP(**faults)
        handler.port = servers.start(handler, port)
        settings.MAILERS = {**settings.MAILERS, "delivery": delivery_to(handler.port, timeout)}
        return handler

    yield start
    servers.stop()


@pytest.fixture
def flaky_smtp(smtp_server):
    """flaky_smtp(refuse=n): a server that answers 451 (try again later) to the first n messages."""
    return lambda refuse: smtp_server(refuse=refuse)
