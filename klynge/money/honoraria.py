"""Honoraria: each share of the coordinators' (and, in general practice, board members')
honorarium for a period, from the posts and the rulebook or the cluster's own rules (reads)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from klynge.clusters.models import Cluster, ClusterRules, Person, Post, RulebookVersion
from klynge.lib.periods import in_force
from klynge.money import rules
from klynge.money.lookups import Versions
from klynge.money.models import HonorariumPayment
from klynge.money.rules import ZERO


@dataclass
class HonorariumRow:
    cluster: Cluster
    person: Person
    kind: str
    share: rules.Share
    payment: HonorariumPayment | None = None

    @property
    def kind_label(self) -> str:
        return Post.Kind(self.kind).label


def _yearly_amounts(cluster, kind, months, versions, cluster_rules) -> list[Decimal] | None:
    amounts = []
    for first in months:
        if cluster.scheme.is_specialist:
            book = versions.on(cluster.scheme_id, first)
            value = book.coordinator_honorarium if book and kind == Post.Kind.COORDINATOR else None
        else:
            decided = in_force(cluster_rules.get(cluster.pk, []), first)
            value = None
            if decided is not None:
                value = (
                    decided.coordinator_honorarium
                    if kind == Post.Kind.COORDINATOR
                    else decided.board_honorarium
                )
        amounts.append(value or ZERO)
    return amounts if any(amounts) else None


def honoraria(clusters, period_start: date) -> list[HonorariumRow]:
    """Every honorarium share of the clusters' coordinators (and, in general practice, board
    members) for the period starting `period_start`. Five queries, whatever the number of clusters."""
    clusters = list(clusters)
    if not clusters:
        return []
    months = rules.period_months(period_start)
    period_end = date(months[-1].year + (months[-1].month == 12), months[-1].month % 12 + 1, 1)
    versions = Versions({c.scheme_id for c in clusters})
    cluster_rules: dict[int, list[ClusterRules]] = {}
    for row in ClusterRules.objects.filter(cluster__in=clusters).order_by("valid_from"):
        cluster_rules.setdefault(row.cluster_id, []).append(row)
    posts = (
        Post.objects.filter(
            Q(end__isnull=True) | Q(end__gte=period_start),
            cluster__in=clusters,
            kind__in=[Post.Kind.COORDINATOR, Post.Kind.BOARD],
            start__lt=period_end,
        )
        .select_related("person")
        .order_by("start", "pk")
    )
    payments = {
        (p.cluster_id, p.person_id, p.kind): p
        for p in HonorariumPayment.objects.filter(cluster__in=clusters, period_start=period_start)
    }
    by_cluster = {c.pk: c for c in clusters}
    grouped: dict[tuple[int, str], list[Post]] = {}
    for post in posts:
        grouped.setdefault((post.cluster_id, post.kind), []).append(post)
    people = {post.person_id: post.person for post in posts}
    rows = []
    for cluster in clusters:
        for kind in (Post.Kind.COORDINATOR, Post.Kind.BOARD):
            kind_posts = grouped.get((cluster.pk, kind), [])
            amounts = _yearly_amounts(cluster, kind, months, versions, cluster_rules)
            if not kind_posts or amounts is None:
                continue
            if kind == Post.Kind.COORDINATOR:
                # One post, several holders over time: split by whole months.
                seats = [kind_posts]
            else:
                # Each board member is paid for the months they sat, independently.
                by_person: dict[int, list[Post]] = {}
                for post in kind_posts:
                    by_person.setdefault(post.person_id, []).append(post)
                seats = list(by_person.values())
            for seat in seats:
                tenures = [rules.Tenure(p.person_id, p.start, p.end) for p in seat]
                for share in rules.honorarium_shares(amounts, period_start, tenures):
                    rows.append(
                        HonorariumRow(
                            cluster=by_cluster[cluster.pk],
                            person=people[share.holder],
                            kind=kind,
                            share=share,
                            payment=payments.get((cluster.pk, share.holder, kind)),
                        )
                    )
    return rows


def honorarium_period(scheme, year: int, versions=None) -> tuple[date, date]:
    """The honorarium period that starts in `year` (eKVIS: 1 April – 31 March), from the rulebook
    (from `versions`, the scheme's versions already fetched (`lookups.Versions`), when given)."""
    if versions is not None:
        version = versions.on(scheme.pk, date(year, 12, 31))
        month = version.honorarium_period_start_month if version else 1
    else:
        try:
            month = scheme.rulebook_on(date(year, 12, 31)).honorarium_period_start_month
        except RulebookVersion.DoesNotExist:
            month = 1
    start = date(year, month, 1)
    months = rules.period_months(start)
    last = months[-1]
    following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)


def current_period_year(scheme, today: date | None = None, versions=None) -> int:
    today = today or timezone.localdate()
    start, _end = honorarium_period(scheme, today.year, versions)
    return today.year if today >= start else today.year - 1
