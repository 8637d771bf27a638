"""The year app's deadlines on the wheel: the status report, the general assembly, the year's
meetings planned, eKVIS' coordinator meeting, terms of office, data-package consents and the
coordinator's own tasks. Each is done when its fact is recorded (see klynge.lib.deadlines)."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.models import Post
from klynge.lib import due
from klynge.lib.deadlines import EKVIS_SEED, KIAP_TASKS, ClusterYear, Item, Window, short
from klynge.lib.periods import in_force
from klynge.meetings.models import Meeting
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    PackageOrder,
    StatusReport,
    Task,
)
from klynge.year.rules import Duty, has_duty

# Posts one person holds at a time: a newer post of the kind is the successor.
SINGLE_HOLDER = (Post.Kind.COORDINATOR, Post.Kind.TREASURER, Post.Kind.AUDITOR)


def deadlines(window: Window) -> list[Item]:
    facts = load(window)
    items: list[Item] = []
    for cluster_year in window.years:
        items += yearly(cluster_year, window, facts)
    for cluster in window.clusters():
        items += post_items(cluster, facts["posts"][cluster.pk])
        items += order_items(cluster, window, facts["orders"][cluster.pk])
        items += [task_item(cluster, task) for task in facts["tasks"][cluster.pk]]
    return items


def load(window: Window) -> dict:
    """The year's facts for the window's clusters: seven queries, whatever the data."""
    ids = window.cluster_ids
    years = (window.start.year - 1, window.end.year)
    facts: dict = {
        "reports": set(
            StatusReport.objects.filter(
                cluster_id__in=ids, year__range=years, status=StatusReport.Status.SUBMITTED
            ).values_list("cluster_id", "year")
        ),
        "assemblies": {
            a.meeting_id: a for a in Assembly.objects.filter(meeting__in=window.meeting_query)
        },
        "coordinator_meetings": {
            (cluster_id, day.year)
            for cluster_id, day in ExternalActivity.objects.filter(
                cluster_id__in=ids,
                kind=ExternalActivity.Kind.EKVIS_MEETING,
                date__year__range=years,
            ).values_list("cluster_id", "date")
        },
    }
    for name, rows in (
        (
            "tasks",
            Task.objects.filter(cluster_id__in=ids, due__gte=window.start, due__lt=window.end),
        ),
        ("posts", Post.objects.filter(cluster_id__in=ids).select_related("person")),
        (
            "orders",
            PackageOrder.objects.filter(
                cluster_id__in=ids, package__is_data_package=True, meeting__isnull=False
            )
            .exclude(status=PackageOrder.Status.CANCELLED)
            .select_related("package", "meeting"),
        ),
    ):
        facts[name] = defaultdict(list)
        for row in rows:
            facts[name][row.cluster_id].append(row)
    return facts


def assemblies_in(cluster_year: ClusterYear, window: Window, facts: dict) -> list[Assembly]:
    found = []
    for meeting in window.meetings.get(cluster_year.cluster.pk, []):
        assembly = facts["assemblies"].get(meeting.pk)
        if assembly is not None and timezone.localdate(meeting.start).year == cluster_year.year:
            assembly.meeting = meeting
            found.append(assembly)
    return found


def yearly(cluster_year: ClusterYear, window: Window, facts: dict) -> list[Item]:
    assemblies = assemblies_in(cluster_year, window, facts)
    items = [status_report_item(cluster_year, facts), meetings_planned_item(cluster_year, window)]
    versions = cluster_year.versions
    if not assemblies and has_duty(
        versions, due.assembly_plan_due(cluster_year.year), Duty.YEARLY_ASSEMBLY
    ):
        items.append(assembly_plan_item(cluster_year))
    for assembly in assemblies:
        items += assembly_items(cluster_year, assembly)
    if has_duty(versions, due.coordinator_meeting_due(cluster_year.year), Duty.COORDINATOR_MEETING):
        items.append(coordinator_meeting_item(cluster_year, facts))
    return items


def status_report_item(cy: ClusterYear, facts: dict) -> Item:
    year = cy.year - 1
    title = (
        _("Status for %(year)s til eKVIS")
        if cy.specialist
        else _("KiAP's spørgeskema om klyngens aktivitet i %(year)s")
    )
    return Item(
        key=f"status_report:{year}",
        title=title % {"year": year},
        due=due.status_report_due(cy.rulebook.status_report_due, cy.year),
        source=cy.source,
        url=reverse("year:report", args=[cy.cluster.slug, year]),
        cluster=cy.cluster,
        done=(cy.cluster.pk, year) in facts["reports"],
    )


def assembly_plan_item(cy: ClusterYear) -> Item:
    return Item(
        key=f"assembly_plan:{cy.year}",
        title=_("Planlæg årets generalforsamling (typisk midt i marts)"),
        due=due.assembly_plan_due(cy.year),
        source=KIAP_TASKS,
        url=reverse("year:assembly_add", args=[cy.cluster.slug]),
        cluster=cy.cluster,
        manual=True,
    )


def meetings_planned_item(cy: ClusterYear, window: Window) -> Item:
    target = due.meetings_target(cy.rules.meetings_per_year, cy.rulebook.meetings_min)
    planned = sum(
        1
        for m in window.meetings.get(cy.cluster.pk, [])
        if m.kind == Meeting.Kind.CLUSTER and timezone.localdate(m.start).year == cy.year
    )
    return Item(
        key=f"meetings_planned:{cy.year}",
        title=_("Årets %(n)d klyngemøder er planlagt (%(planned)d indtil nu)")
        % {"n": target, "planned": planned},
        due=due.meetings_planned_due(cy.year),
        source=_("Klyngens regler: %(rules)d møder om året; regelsæt: %(min)d–%(max)d")
        % {
            "rules": cy.rules.meetings_per_year,
            "min": cy.rulebook.meetings_min,
            "max": cy.rulebook.meetings_max,
        },
        url=reverse("year:topics", args=[cy.cluster.slug]),
        cluster=cy.cluster,
        done=planned >= target,
    )


def coordinator_meeting_item(cy: ClusterYear, facts: dict) -> Item:
    return Item(
        key=f"coordinator_meeting:{cy.year}",
        title=_("Deltag i eKVIS' årlige koordinatortræf"),
        due=due.coordinator_meeting_due(cy.year),
        source=EKVIS_SEED,
        url=reverse("year:activities", args=[cy.cluster.slug]),
        cluster=cy.cluster,
        done=(cy.cluster.pk, cy.year) in facts["coordinator_meetings"],
    )


def assembly_items(cy: ClusterYear, assembly: Assembly) -> list[Item]:
    slug, cluster, day = cy.cluster.slug, cy.cluster, assembly.day
    url = reverse("year:assembly", args=[slug, assembly.pk])
    notice = cy.rulebook.assembly_notice_days
    prefix = f"assembly:{assembly.pk}"
    items = [
        Item(
            f"{prefix}:preliminary",
            _("Foreløbig indkaldelse til generalforsamlingen med dato"),
            due.preliminary_notice_due(day, assembly.proposals_deadline),
            _("%(source)s; Klynge foreslår 2 uger før forslagsfristen") % {"source": KIAP_TASKS},
            url,
            cluster,
            done=assembly.preliminary_sent_at is not None,
        ),
        Item(
            f"{prefix}:final",
            _("Endelig dagsorden til generalforsamlingen"),
            due.final_notice_due(day, notice),
            _("Regelsæt: endelig dagsorden senest %(n)d dage før") % {"n": notice},
            reverse("year:assembly_final", args=[slug, assembly.pk]),
            cluster,
            done=assembly.final_sent_at is not None,
        ),
        Item(
            f"{prefix}:held",
            _("Generalforsamling"),
            day,
            KIAP_TASKS,
            url,
            cluster,
            done=assembly.meeting.is_held or assembly.confirmed_at is not None,
        ),
        Item(
            f"{prefix}:minutes",
            _("Referat af generalforsamlingen med valg og beslutninger"),
            due.assembly_minutes_due(day),
            KIAP_TASKS,
            reverse("year:assembly_minutes", args=[slug, assembly.pk]),
            cluster,
            done=assembly.confirmed_at is not None,
        ),
    ]
    if assembly.proposals_deadline:
        items.append(
            Item(
                f"{prefix}:proposals",
                _("Frist for medlemmernes forslag til generalforsamlingen"),
                assembly.proposals_deadline,
                _("Fastsat i den foreløbige indkaldelse"),
                reverse("year:assembly_proposals", args=[slug, assembly.pk]),
                cluster,
                done=due.proposals_closed(assembly.proposals_deadline, timezone.localdate()),
            )
        )
    return items


def has_successor(post: Post, posts: list[Post]) -> bool:
    return post.end is not None or any(
        other.kind == post.kind
        and other.start > post.start
        and (post.kind in SINGLE_HOLDER or other.person_id == post.person_id)
        for other in posts
    )


def post_items(cluster, posts: list[Post]) -> list[Item]:
    """Terms that end: a reminder three months before, and the end itself."""
    items = []
    for post in posts:
        if not due.term_on_wheel(post.term_end, post.end):
            continue
        label = {"post": post.get_kind_display(), "name": post.person.name}
        source = _("Funktionsperiode valgt til %(date)s") % {"date": short(post.term_end)}
        prefix = f"term:{post.pk}:{post.term_end:%Y%m%d}"
        done = has_successor(post, posts)
        items += [
            Item(
                f"{prefix}:reminder",
                _(
                    "%(post)s %(name)s: funktionsperioden udløber om 3 måneder – sæt valg på "
                    "generalforsamlingens dagsorden"
                )
                % label,
                due.term_reminder_due(post.term_end),
                source,
                reverse("year:assemblies", args=[cluster.slug]),
                cluster,
                done=done,
                manual=True,
            ),
            Item(
                f"{prefix}:end",
                _("%(post)s %(name)s: funktionsperioden udløber") % label,
                post.term_end,
                source,
                reverse("year:handover", args=[cluster.slug]),
                cluster,
                done=done,
                manual=True,
            ),
        ]
    return items


def order_items(cluster, window: Window, orders: list[PackageOrder]) -> list[Item]:
    """Data packages: ydernumre and consents to the provider ahead of the meeting (KiAP)."""
    years = {cy.cluster.pk: cy for cy in window.years}
    cluster_year = years.get(cluster.pk)
    if cluster_year is None:
        return []
    items = []
    for order in orders:
        if order.meeting.start is None:
            continue
        meeting_day = timezone.localdate(order.meeting.start)
        # The rulebook in force on the meeting's day decides the duty and its days.
        if not has_duty(cluster_year.versions, meeting_day, Duty.PACKAGE_CONSENT):
            continue
        days = in_force(cluster_year.versions, meeting_day).data_package_consent_days
        items.append(
            Item(
                f"package_consent:{order.pk}",
                _("%(package)s: ydernumre og medlemmernes samtykke til dataudtræk sendes")
                % {"package": order.package.title},
                due.consent_due(meeting_day, days),
                _("Regelsæt: samtykke senest %(n)d dage før mødet") % {"n": days},
                reverse("year:packages", args=[cluster.slug]),
                cluster,
                done=order.consent_collected,
            )
        )
    return items


def task_item(cluster, task: Task) -> Item:
    return Item(
        f"task:{task.pk}",
        task.title,
        task.due,
        _("Egen opgave"),
        reverse("year:task", args=[cluster.slug, task.pk]),
        cluster,
        done=task.done_at is not None,
    )
