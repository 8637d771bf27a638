"""`make bench`: time the pages on a large generated cluster and count their queries.

Builds (once) a KiAP cluster of 120 clinics and ~400 people in a separate database under
var/bench/, then requests every page that takes only the cluster in its URL, plus the dashboard
and the secretariat's start page, as the coordinator (and the secretariat). Prints the median time
of 5 requests and the number of queries for each. Nothing is asserted: compare runs by eye.
"""

import statistics
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
from klynge.lib.names import email_for, name_generator

CLINICS = 120


def cluster_only_urls(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from cluster_only_urls(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            policy = getattr(entry.callback, "access_policy", None)
            if policy and policy.kind == "cluster" and set(entry.pattern.converters) == {"cluster"}:
                yield f"{prefix}{entry.name}"


class Command(BaseCommand):
    help = "Time pages and count queries on a large generated cluster."

    def handle(self, *args, **options):
        cluster, coordinator, secretariat = self.build()
        rows = []
        client = Client()
        client.force_login(coordinator)
        names = sorted(set(cluster_only_urls(get_resolver().url_patterns)))
        urls = [("dashboard", reverse("dashboard"))]
        urls += [(name, reverse(name, kwargs={"cluster": cluster.slug})) for name in names]
        for label, url in urls:
            rows.append((label, *self.measure(client, url)))
        staff = Client()
        staff.force_login(secretariat)
        rows.append(("secretariat:home", *self.measure(staff, reverse("secretariat:home"))))
        width = max(len(row[0]) for row in rows)
        self.stdout.write(f"{'page'.ljust(width)}  status  median ms  queries")
        for label, status, ms, queries in rows:
            self.stdout.write(f"{label.ljust(width)}  {status:>6}  {ms:>9.1f}  {queries:>7}")

    def measure(self, client, url):
        client.get(url)
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
        return response.status_code, statistics.median(timings), len(queries)

    @transaction.atomic
    def build(self):
        kiap = Scheme.objects.get(code="kiap")
        region = Region.objects.get(code="sjaelland")
        cluster, created = Cluster.objects.get_or_create(
            slug="bench",
            defaults={"name": "Benchmarkklyngen", "scheme": kiap, "region": region},
        )
        secretariat, _ = User.objects.get_or_create(
            email="bench.sekretariat@example.dk", defaults={"secretariat_of": kiap}
        )
        if created:
            names = name_generator(7)
            people = []
            for index in range(CLINICS):
                clinic = Clinic.objects.create(
                    ydernummer=f"{700000 + index:06d}",
                    name=f"Lægehuset {index}",
                    kind=Clinic.Kind.GENERAL,
                    region=region,
                )
                ClusterMembership.objects.create(
                    cluster=cluster, clinic=clinic, joined=date(2020, 1, 1)
                )
                for role in ("owner", "owner", "employed", "staff"):
                    name = next(names)
                    person = Person.objects.create(
                        name=name, email=email_for(name, "bench.example.dk")
                    )
                    ClinicAffiliation.objects.create(
                        person=person, clinic=clinic, role=role, start=date(2020, 1, 1)
                    )
                    people.append(person)
            lead = people[0]
            lead.user = User.objects.create_user(
                "bench.koordinator@example.dk", None, name=lead.name
            )
            lead.save()
            Post.objects.create(
                cluster=cluster, person=lead, kind="coordinator", start=date(2020, 1, 1)
            )
        coordinator = User.objects.get(email="bench.koordinator@example.dk")
        return cluster, coordinator, secretariat
