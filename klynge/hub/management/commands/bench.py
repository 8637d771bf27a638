"""`make bench`: the key pages on national data, served by gunicorn, against the framework's floor.

Generates (once per scale and database) every cluster of both schemes with five years of work
(klynge/hub/bench/data.py), counts each key page's queries, starts gunicorn (DEBUG off) with the
benchmark's URL configuration (which adds the floor: "ok" behind the same middleware and login),
and measures the floor and the pages interleaved with concurrent logged-in clients. Prints a
table and writes var/bench/result.json (and result-<database>.json). See docs/performance.md.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from klynge.hub.bench import actions, data, scales
from klynge.hub.bench.pages import (
    FLOOR,
    Page,
    free_port,
    key_pages,
    measure,
    session_cookie,
)

OUT = Path(settings.BASE_DIR) / "var" / "bench"
EMPTY_PAGE = "tom side (kun layout)"
START_SECONDS = 240


def create_database():
    """The benchmark's PostgreSQL database, made on first use."""
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError:
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')


class Command(BaseCommand):
    help = "Benchmark the key pages on national data against the framework's floor."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", 1)))
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seconds", type=float, default=1.0, help="per page and round")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--no-actions", action="store_true", help="pages only")
        parser.add_argument(
            "--queries-only",
            action="store_true",
            help="count each page's queries, no server (e.g. to compare scale 1 with 10)",
        )
        parser.add_argument(
            "--plan-only",
            action="store_true",
            help="make the data, then write the pages and their logged-in cookies (var/bench/plan-*.json)",
        )
        parser.add_argument(
            "--against-url",
            help="measure side by side with this database of another scale (make bench-scales)",
        )
        parser.add_argument("--against-scale", type=int, default=10)

    def handle(self, *args, **options):
        database = "postgresql" if connection.vendor == "postgresql" else "sqlite"
        self.prepare(options["scale"])
        named = data.named()
        # The key pages, then the empty page: what the layout alone costs (a reference, like the floor).
        pages = [*key_pages(named), Page(EMPTY_PAGE, "/bench/empty/", named.coordinator)]
        cookies = {page.name: session_cookie(page.user) for page in pages}
        queries = {page.name: self.count(page, cookies[page.name]) for page in pages}
        if options["queries_only"]:
            self.write_queries(options["scale"], database, queries)
            return
        plan = scales.plan_of(pages, cookies, session_cookie(named.coordinator), options["scale"])
        if options["plan_only"]:
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / f"plan-{database}-s{options['scale']}.json").write_text(scales.dump(plan))
            return
        if options["against_url"]:
            self.side_by_side(database, plan, options)
            return
        port = free_port()
        with self.server(port, options["workers"]):
            pdfs = actions.pdf_timings(port, named)
            results = measure(
                port,
                pages,
                cookies,
                session_cookie(named.coordinator),
                options["clients"],
                options["seconds"],
                options["rounds"],
            )
        report = self.report(options["scale"], database, results, queries)
        if not options["no_actions"]:
            self.stdout.write("Handlinger …")
            report["actions"] = pdfs + actions.run(named, self.stdout)
        self.table(report, options)
        OUT.mkdir(parents=True, exist_ok=True)
        for name in ("result.json", f"result-{database}.json"):
            (OUT / name).write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(f"Skrevet: {OUT / 'result.json'}")

    def side_by_side(self, database: str, plan: dict, options) -> None:
        """This scale and `--against-scale` (its database at `--against-url`), one server each,
        measured in turn (klynge/hub/bench/scales.py); writes var/bench/scales-<database>.json."""
        other = options["against_scale"]
        env = os.environ | {"DATABASE_URL": options["against_url"]}
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "bench", "--plan-only", f"--scale={other}"],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        against = json.loads((OUT / f"plan-{database}-s{other}.json").read_text())
        ports = free_port(), free_port()
        with Gunicorn(ports[0], options["workers"]), Gunicorn(ports[1], options["workers"], env):
            results = scales.measure(
                [(ports[0], plan), (ports[1], against)],
                options["clients"],
                options["seconds"],
                options["rounds"],
            )
        report = scales.report(database, [plan["scale"], other], results)
        self.stdout.write("\n".join(scales.table(report)))
        out = OUT / f"scales-{database}.json"
        out.write_text(scales.dump(report))
        self.stdout.write(f"Skrevet: {out}")

    def write_queries(self, scale: int, database: str, queries: dict) -> None:
        """The pages' query counts alone, in var/bench/queries-<database>-s<scale>.json."""
        for name, count in queries.items():
            self.stdout.write(f"{name.ljust(28)} {count:>3}")
        OUT.mkdir(parents=True, exist_ok=True)
        out = OUT / f"queries-{database}-s{scale}.json"
        report = {"scale": scale, "database": database, "queries": queries}
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(f"Skrevet: {out}")

    def prepare(self, scale: int):
        if connection.vendor == "postgresql":
            create_database()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        size = data.Size.national(scale)
        if not data.present(size):
            self.generate(size, scale)
        if connection.vendor == "postgresql":
            # The planner's statistics, as autovacuum keeps them in production after a bulk
            # load; a server with autovacuum off (a test server) would otherwise plan the
            # national data as if it were empty (a seq scan of 85,000 people for 40 invited).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def generate(self, size, scale: int):
        from klynge.clusters.models import Cluster

        if Cluster.objects.filter(slug__startswith="bench-").exists():
            raise CommandError(
                f"The database holds benchmark data of another scale than {scale}: "
                "give each scale a database of its own (make bench does for SQLite)."
            )
        self.stdout.write(f"Making national data, scale {scale} (once) …")
        started = time.perf_counter()
        data.generate(size, timezone.localdate(), stdout=self.stdout)
        self.stdout.write(f"  done in {time.perf_counter() - started:.0f} s")

    def count(self, page, cookie: str) -> int:
        client = Client()
        if cookie:
            key, value = cookie.split("=", 1)
            client.cookies[key] = value
        with override_settings(ROOT_URLCONF="klynge.hub.bench.urls"):  # the empty page's URL
            client.get(page.path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page.path)
        if response.status_code != 200:
            raise CommandError(f"{page.name}: {page.path} answered {response.status_code}")
        return len(captured)

    def server(self, port: int, workers: int):
        return Gunicorn(port, workers)

    def report(self, scale, database, results, queries) -> dict:
        floor = results[FLOOR].rps
        pages = [
            {
                "name": name,
                "rps": round(result.rps, 1),
                "ratio": round(result.rps / floor, 3) if floor else 0,
                "p50_ms": round(result.percentile(50), 1),
                "p99_ms": round(result.percentile(99), 1),
                "queries": queries[name],
                "errors": result.errors,
            }
            for name, result in results.items()
            if name != FLOOR
        ]
        return {
            "scale": scale,
            "database": database,
            "floor_rps": round(floor, 1),
            "floor_p50_ms": round(results[FLOOR].percentile(50), 1),
            "pages": pages,
            "actions": [],
        }

    def table(self, report, options):
        self.stdout.write(
            f"\nScale {report['scale']}, {report['database']}, {options['clients']} clients, "
            f"{options['workers']} gunicorn workers; floor {report['floor_rps']} req/s "
            f"(p50 {report['floor_p50_ms']} ms)\n"
        )
        width = max(len(row["name"]) for row in report["pages"] + report["actions"])
        self.stdout.write(
            f"{'side'.ljust(width)}  {'req/s':>7}  {'× gulv':>6}  {'p50 ms':>7}  "
            f"{'p99 ms':>7}  {'queries':>7}"
        )
        for page in report["pages"]:
            self.stdout.write(
                f"{page['name'].ljust(width)}  {page['rps']:>7.1f}  {page['ratio']:>6.3f}  "
                f"{page['p50_ms']:>7.1f}  {page['p99_ms']:>7.1f}  {page['queries']:>7}"
                + (f"  ({page['errors']} fejl)" if page["errors"] else "")
            )
        if report["actions"]:
            self.stdout.write(f"\n{'handling'.ljust(width)}  {'p50 ms':>7}")
        for action in report["actions"]:
            extra = ""
            if "per_second" in action:
                extra = f"  ({action['sent']} mails, {action['per_second']} mails/s)"
            extra += f"  FEJL: {action['error']}" if "error" in action else ""
            ms = f"{action['p50_ms']:>7.1f}" if action["p50_ms"] is not None else "      –"
            self.stdout.write(f"{action['name'].ljust(width)}  {ms}{extra}")


class Gunicorn:
    """gunicorn with the benchmark's settings on 127.0.0.1:port, for the duration of a `with`."""

    def __init__(self, port: int, workers: int, env: dict | None = None):
        self.port = port
        self.workers = workers
        self.env = env or os.environ

    def __enter__(self):
        env = self.env | {"DJANGO_SETTINGS_MODULE": "klynge.hub.bench.settings"}
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "klynge.wsgi",
                f"--config={Path(settings.BASE_DIR) / 'gunicorn.conf.py'}",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
                "--timeout=180",
            ],
            env=env,
        )
        # The app loads and WeasyPrint warms up in the master first: minutes on a loaded machine.
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/konto/login/", timeout=5)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.process.terminate()
        raise CommandError(f"gunicorn did not answer within {START_SECONDS} s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
