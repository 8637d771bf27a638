"""The key pages, who looks at them, and a small HTTP client that measures them.

`key_pages(named)` is shared by the benchmark and the query-count tests. The client runs a number
of threads, each with its own connection (re-opened when the server closes it, as gunicorn's sync
workers do), for a fixed time per page; pages are measured in rounds, interleaved with the floor.
"""

import http.client
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from klynge.accounts.middleware import MFA_OK
from klynge.meetings import tokens

FLOOR = "floor"


@dataclass
class Page:
    name: str
    path: str
    user: object = None  # None: anonymous (the answer page is reached by a personal link)


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)  # ms, every request of every round
    rates: list[float] = field(default_factory=list)  # requests/s, one per round
    round_p50: list[float] = field(default_factory=list)  # ms, one per round (bench-scales)
    errors: int = 0

    @property
    def rps(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def key_pages(named) -> list[Page]:
    c = named.cluster.slug
    invitation = named.upcoming.invitations.order_by("pk").first()
    token = tokens.answer_token(invitation)
    meeting = {"cluster": c, "meeting": named.upcoming.pk}
    held = {"cluster": c, "meeting": named.held.pk}
    return [
        Page("dashboard (koordinator)", reverse("dashboard"), named.coordinator),
        Page("dashboard (medlem)", reverse("dashboard"), named.member),
        Page("dashboard (sekretariat)", reverse("dashboard"), named.secretariat_kiap),
        Page("klyngeside", reverse("clusters:detail", args=[c]), named.coordinator),
        Page("medlemsliste", reverse("members:list", args=[c]), named.coordinator),
        Page(
            "klinikside",
            reverse("members:clinic", kwargs={"cluster": c, "clinic": named.clinic.pk}),
            named.coordinator,
        ),
        Page(
            "mødeside (40 inviterede)",
            reverse("meetings:detail", kwargs=meeting),
            named.coordinator,
        ),
        Page("fremmøde", reverse("meetings:attendance", kwargs=held), named.coordinator),
        Page("årshjul", reverse("year:wheel", args=[c]), named.coordinator),
        Page("refusionsindbakke", reverse("money:inbox"), named.secretariat_ekvis),
        Page("sekretariatets oversigt", reverse("secretariat:home"), named.secretariat_kiap),
        Page("svarside", reverse("meetings:answer", kwargs={**meeting, "answer_token": token})),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user) -> str:
    """A logged-in session (two-factor requirement met) as the Cookie header for the user."""
    if user is None:
        return ""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MFA_OK] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    return response.status, response.read()


def burst(port: int, path: str, cookie: str, clients: int, seconds: float, result: Result):
    """`clients` threads request the path for `seconds`; adds the round's rate and latencies."""
    gate = threading.Barrier(clients + 1)
    counts, lock = [], threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, errors = [], 0
        gate.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, _body = get(conn, path, cookie)
            latencies.append((time.perf_counter() - start) * 1000)
            errors += status != 200
        end = time.perf_counter()
        conn.close()
        with lock:
            counts.append((len(latencies), end))
            result.latencies.extend(latencies)
            result.errors += errors

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    total = sum(n for n, _end in counts)
    result.rates.append(total / (max(end for _n, end in counts) - began))


def measure(port, pages: list[Page], cookies: dict, floor_cookie, clients, seconds, rounds):
    """Rounds of floor, page 1, floor, page 2 …: each page next to a floor measured just before."""
    results = {FLOOR: Result(FLOOR)} | {page.name: Result(page.name) for page in pages}
    for page in pages:  # warm both workers: imports, templates, connections
        burst(port, page.path, cookies[page.name], clients, 0.2, Result("warm-up"))
    for _round in range(rounds):
        for page in pages:
            burst(port, "/bench/floor/", floor_cookie, clients, seconds / 2, results[FLOOR])
            burst(port, page.path, cookies[page.name], clients, seconds, results[page.name])
    return results
