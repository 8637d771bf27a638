"""The wheel of the year (årshjul): deadlines derived from the rulebook in force, the cluster's
own rules and what is recorded (meetings, the general assembly, posts, package orders), plus the
coordinator's own tasks. Each item names its source and links to the page that does it.

`build(clusters, start, end)` loads everything for many clusters in a constant number of queries
and returns the items due in [start, end) per cluster id.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.clusters.models import ClusterRules, Post, RulebookVersion
from klynge.lib.periods import in_force
from klynge.meetings.models import Meeting
from klynge.year.dates import add_months, on_day_of_year, period_end_before
from klynge.year.models import ExternalActivity, PackageOrder, StatusReport, Task, WheelMark

SOON_DAYS = 14
# Posts one person holds at a time: a newer post of the kind is the successor.
SINGLE_HOLDER = (Post.Kind.COORDINATOR, Post.Kind.TREASURER, Post.Kind.AUDITOR)
TERM_REMINDER_MONTHS = 3
# Klynge's own suggestions where neither rulebook nor task list fixes a day (shown as the source).
PRELIMINARY_NOTICE_DAYS = 35
MINUTES_DAYS = 14
PAPERWORK_DAYS = 30
ASSEMBLY_PLAN_DUE = (2, 1)
ACCOUNTS_DUE = (3, 7)
BUDGET_DUE = (1, 31)
MEETINGS_PLANNED_DUE = (3, 31)

KIAP_TASKS = "KiAP: Opgaveliste til klyngekoordinatorer"
EKVIS_SEED = "eKVIS: Opgaver for klyngekoordinatoren"


class State(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    UPCOMING = "upcoming"
    DONE = "done"


STATE_LABELS = {
    State.OVERDUE: gettext_lazy("Overskredet"),
    State.SOON: gettext_lazy("Snart"),
    State.UPCOMING: gettext_lazy("Kommende"),
    State.DONE: gettext_lazy("Udført"),
}


@dataclass
class Item:
    key: str
    title: str
    due: date
    source: str
    url: str
    cluster: object
    done: bool = False
    # Ticked off by hand on the wheel (derived from nothing Klynge records).
    manual: bool = False
    warning: str = ""

    def state(self, today: date) -> State:
        if self.done:
            return State.DONE
        if self.due < today:
            return State.OVERDUE
        if self.due <= today + timedelta(days=SOON_DAYS):
            return State.SOON
        return State.UPCOMING

    @property
    def uid(self) -> str:
        return f"{self.cluster.pk}-{self.key.replace(':', '-')}@klynge"


def safe_reverse(name: str, args, fallback: str) -> str:
    """A link to another app's page if that page exists yet, else the fallback."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class Loaded:
    rulebooks: dict
    rules: dict
    meetings: dict
    reports: dict
    marks: dict
    tasks: dict
    posts: dict
    orders: dict
    coordinator_meetings: dict


def load(clusters, start: date, end: date) -> Loaded:
    """Everything the wheel needs for these clusters and dates: nine queries, whatever the data."""
    ids = [c.pk for c in clusters]
    scheme_ids = {c.scheme_id for c in clusters}
    rulebooks = defaultdict(list)
    for version in RulebookVersion.objects.filter(scheme_id__in=scheme_ids).order_by("-valid_from"):
        rulebooks[version.scheme_id].append(version)
    rules = defaultdict(list)
    for row in ClusterRules.objects.filter(cluster_id__in=ids).order_by("-valid_from"):
        rules[row.cluster_id].append(row)
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    window_start = datetime.combine(start - timedelta(days=PAPERWORK_DAYS + 1), time.min, tz)
    window_end = datetime.combine(end + timedelta(days=120), time.min, tz)
    meetings = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(cluster_id__in=ids, start__gte=window_start, start__lt=window_end)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("assembly")
        .order_by("start")
    ):
        meetings[meeting.cluster_id].append(meeting)
    reports = {
        (r.cluster_id, r.year): r
        for r in StatusReport.objects.filter(
            cluster_id__in=ids, year__gte=start.year - 1, year__lte=end.year
        )
    }
    marks = defaultdict(set)
    for cluster_id, key in WheelMark.objects.filter(cluster_id__in=ids).values_list(
        "cluster_id", "key"
    ):
        marks[cluster_id].add(key)
    tasks = defaultdict(list)
    for task in Task.objects.filter(cluster_id__in=ids, due__gte=start, due__lt=end):
        tasks[task.cluster_id].append(task)
    posts = defaultdict(list)
    for post in Post.objects.filter(cluster_id__in=ids).select_related("person"):
        posts[post.cluster_id].append(post)
    orders = defaultdict(list)
    for order in (
        PackageOrder.objects.filter(
            cluster_id__in=ids, package__is_data_package=True, meeting__isnull=False
        )
        .exclude(status=PackageOrder.Status.CANCELLED)
        .select_related("package", "meeting")
    ):
        orders[order.cluster_id].append(order)
    coordinator_meetings = defaultdict(set)
    for cluster_id, day in ExternalActivity.objects.filter(
        cluster_id__in=ids,
        kind=ExternalActivity.Kind.EKVIS_MEETING,
        date__gte=date(start.year, 1, 1),
        date__lt=date(end.year + 1, 1, 1),
    ).values_list("cluster_id", "date"):
        coordinator_meetings[cluster_id].add(day.year)
    return Loaded(
        rulebooks, rules, meetings, reports, marks, tasks, posts, orders, coordinator_meetings
    )


def build(clusters, start: date, end: date, missing_consents=None) -> dict[int, list[Item]]:
    """The wheel items due in [start, end) for each cluster, sorted by date."""
    data = load(clusters, start, end)
    result = {}
    for cluster in clusters:
        items = []
        for year in range(start.year, end.year + 1):
            items += yearly_items(cluster, year, data)
        items += meeting_items(cluster, data)
        items += post_items(cluster, data)
        items += order_items(cluster, data, missing_consents)
        items += [task_item(cluster, task) for task in data.tasks[cluster.pk]]
        marks = data.marks[cluster.pk]
        for item in items:
            if item.manual and item.key in marks:
                item.done = True
        result[cluster.pk] = sorted(
            (i for i in items if start <= i.due < end), key=lambda i: (i.due, i.title)
        )
    return result


def items_for(cluster, year: int) -> list[Item]:
    return build([cluster], date(year, 1, 1), date(year + 1, 1, 1))[cluster.pk]


def yearly_items(cluster, year: int, data: Loaded) -> list[Item]:
    versions = data.rulebooks[cluster.scheme_id]
    rulebook = in_force(versions, date(year, 1, 1)) or (versions[-1] if versions else None)
    if rulebook is None:
        return []
    rules = in_force(data.rules[cluster.pk], date(year, 1, 1)) or ClusterRules(
        cluster=cluster, valid_from=date(year, 1, 1)
    )
    slug = cluster.slug
    home = reverse("clusters:detail", args=[slug])
    rulebook_source = _("Regelsæt for %(scheme)s gældende fra %(date)s") % {
        "scheme": cluster.scheme.name,
        "date": short(rulebook.valid_from),
    }
    specialist = cluster.scheme.is_specialist
    has_account = rulebook.income_per_listed_patient is not None
    items = []

    report = data.reports.get((cluster.pk, year - 1))
    items.append(
        Item(
            key=f"status_report:{year - 1}",
            title=(
                _("Status for %(year)s til eKVIS")
                if specialist
                else _("KiAP's spørgeskema om klyngens aktivitet i %(year)s")
            )
            % {"year": year - 1},
            due=on_day_of_year(rulebook.status_report_due, year),
            source=rulebook_source,
            url=reverse("year:report", args=[slug, year - 1]),
            cluster=cluster,
            done=bool(report and report.is_submitted),
        )
    )
    if rulebook.ydernummer_check_due:
        items.append(
            Item(
                key=f"ydernumre:{year}",
                title=_("Tjek klyngens registrerede ydernumre (grundlag for årets indbetaling)"),
                due=on_day_of_year(rulebook.ydernummer_check_due, year),
                source=rulebook_source,
                url=safe_reverse("members:january", [slug], home),
                cluster=cluster,
                manual=True,
            )
        )
    assemblies = [
        m.assembly
        for m in data.meetings[cluster.pk]
        if m.kind == Meeting.Kind.ASSEMBLY and hasattr(m, "assembly") and m.start.year == year
    ]
    if has_account:
        items.append(
            Item(
                key=f"budget:{year}",
                title=_("Budget for %(year)s") % {"year": year},
                due=date(year, *BUDGET_DUE),
                source=KIAP_TASKS,
                url=safe_reverse("money:budget", [slug, year], home),
                cluster=cluster,
                manual=True,
            )
        )
        accounts_due = date(year, *ACCOUNTS_DUE)
        for assembly in assemblies:
            accounts_due = min(
                accounts_due, assembly.day - timedelta(days=rulebook.assembly_notice_days)
            )
        items.append(
            Item(
                key=f"accounts:{year - 1}",
                title=_("Årsregnskab for %(year)s") % {"year": year - 1},
                due=accounts_due,
                source=KIAP_TASKS,
                url=safe_reverse("money:accounts", [slug, year - 1], home),
                cluster=cluster,
                manual=True,
            )
        )
    if not assemblies and not specialist:
        items.append(
            Item(
                key=f"assembly_plan:{year}",
                title=_("Planlæg årets generalforsamling (typisk midt i marts)"),
                due=date(year, *ASSEMBLY_PLAN_DUE),
                source=KIAP_TASKS,
                url=reverse("year:assembly_add", args=[slug]),
                cluster=cluster,
                manual=True,
            )
        )
    for assembly in assemblies:
        items += assembly_items(cluster, assembly, rulebook)
    if rulebook.coordinator_honorarium:
        pay_day = period_end_before(rulebook.honorarium_period_start_month, year)
        items.append(
            Item(
                key=f"honorarium:{year}",
                title=_(
                    "Koordinatorhonorar for perioden til %(end)s: tjek at et koordinatorskifte "
                    "er meldt, før honoraret udbetales"
                )
                % {"end": short(pay_day)},
                due=pay_day,
                source=rulebook_source,
                url=safe_reverse(
                    "money:honorarium", [slug, year - 1], reverse("year:handover", args=[slug])
                ),
                cluster=cluster,
                manual=True,
            )
        )
    elif rules.coordinator_honorarium or rules.board_honorarium:
        items.append(
            Item(
                key=f"honorarium:{year}",
                title=_(
                    "Honorarer til koordinator og bestyrelse efter generalforsamlingens beslutning"
                ),
                due=date(year, 3, 31),
                source=_("Klyngens regler fra %(date)s") % {"date": short(rules.valid_from)},
                url=home,
                cluster=cluster,
                manual=True,
            )
        )
    target = max(rules.meetings_per_year, rulebook.meetings_min)
    planned = sum(
        1
        for m in data.meetings[cluster.pk]
        if m.kind == Meeting.Kind.CLUSTER and m.start and m.start.year == year
    )
    items.append(
        Item(
            key=f"meetings_planned:{year}",
            title=_("Årets %(n)d klyngemøder er planlagt (%(planned)d indtil nu)")
            % {"n": target, "planned": planned},
            due=date(year, *MEETINGS_PLANNED_DUE),
            source=_("Klyngens regler: %(rules)d møder om året; regelsæt: %(min)d–%(max)d")
            % {
                "rules": rules.meetings_per_year,
                "min": rulebook.meetings_min,
                "max": rulebook.meetings_max,
            },
            url=reverse("year:topics", args=[slug]),
            cluster=cluster,
            done=planned >= target,
        )
    )
    if specialist:
        items.append(
            Item(
                key=f"coordinator_meeting:{year}",
                title=_("Deltag i eKVIS' årlige koordinatortræf"),
                due=date(year, 12, 31),
                source=EKVIS_SEED,
                url=reverse("year:activities", args=[slug]),
                cluster=cluster,
                done=year in data.coordinator_meetings[cluster.pk],
            )
        )
    return items


def assembly_items(cluster, assembly, rulebook) -> list[Item]:
    slug = cluster.slug
    day = assembly.day
    url = reverse("year:assembly", args=[slug, assembly.pk])
    rulebook_source = _("Regelsæt: endelig dagsorden senest %(n)d dage før") % {
        "n": rulebook.assembly_notice_days
    }
    prefix = f"assembly:{assembly.pk}"
    preliminary_due = (
        assembly.proposals_deadline - timedelta(days=14)
        if assembly.proposals_deadline
        else day - timedelta(days=PRELIMINARY_NOTICE_DAYS)
    )
    items = [
        Item(
            f"{prefix}:preliminary",
            _("Foreløbig indkaldelse til generalforsamlingen med dato"),
            preliminary_due,
            _("%(source)s; Klynge foreslår 2 uger før forslagsfristen") % {"source": KIAP_TASKS},
            url,
            cluster,
            done=assembly.preliminary_sent_at is not None,
        ),
        Item(
            f"{prefix}:final",
            _("Endelig dagsorden til generalforsamlingen"),
            day - timedelta(days=rulebook.assembly_notice_days),
            rulebook_source,
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
            day + timedelta(days=MINUTES_DAYS),
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
                done=timezone.localdate() > assembly.proposals_deadline,
            )
        )
    return items


def meeting_items(cluster, data: Loaded) -> list[Item]:
    items = []
    slug = cluster.slug
    for meeting in data.meetings[cluster.pk]:
        if meeting.kind != Meeting.Kind.CLUSTER or meeting.start is None:
            continue
        day = timezone.localdate(meeting.start)
        rules = in_force(data.rules[cluster.pk], day) or ClusterRules(cluster=cluster)
        url = safe_reverse(
            "meetings:detail", [slug, meeting.pk], reverse("clusters:detail", args=[slug])
        )
        rules_source = _("Klyngens regler")
        prefix = f"meeting:{meeting.pk}"
        title = meeting.title
        answer_due = (
            timezone.localdate(meeting.answer_deadline)
            if meeting.answer_deadline
            else day - timedelta(days=rules.answer_deadline_days)
        )
        items += [
            Item(
                f"{prefix}:answers",
                _("%(meeting)s: følg op på medlemmer, der ikke har svaret") % {"meeting": title},
                answer_due,
                rules_source,
                url,
                cluster,
                manual=True,
            ),
            Item(
                f"{prefix}:materials",
                _("%(meeting)s: materiale udsendes") % {"meeting": title},
                day - timedelta(days=rules.materials_deadline_days),
                rules_source,
                url,
                cluster,
                manual=True,
            ),
            Item(
                f"{prefix}:held",
                _("%(meeting)s: mødet holdes, fremmøde registreres") % {"meeting": title},
                day,
                EKVIS_SEED if cluster.scheme.is_specialist else KIAP_TASKS,
                safe_reverse("meetings:attendance", [slug, meeting.pk], url),
                cluster,
                done=meeting.is_held,
            ),
            Item(
                f"{prefix}:paperwork",
                (
                    _("%(meeting)s: refusion søges hos eKVIS")
                    if cluster.scheme.is_specialist
                    else _("%(meeting)s: bilag og mødedeltagerliste til PLO")
                )
                % {"meeting": title},
                day + timedelta(days=PAPERWORK_DAYS),
                (EKVIS_SEED if cluster.scheme.is_specialist else KIAP_TASKS)
                + _("; fristen er Klynges forslag"),
                url,
                cluster,
                manual=True,
            ),
        ]
    return items


def post_items(cluster, data: Loaded) -> list[Item]:
    """Terms that end: a reminder three months before, and the end itself."""
    items = []
    posts = data.posts[cluster.pk]
    url = reverse("year:handover", args=[cluster.slug])
    for post in posts:
        if post.term_end is None or (post.end and post.end < post.term_end):
            continue
        successor = post.end is not None or any(
            other.kind == post.kind
            and other.start > post.start
            and (post.kind in SINGLE_HOLDER or other.person_id == post.person_id)
            for other in posts
        )
        label = {"post": post.get_kind_display(), "name": post.person.name}
        items.append(
            Item(
                f"term:{post.pk}:{post.term_end:%Y%m%d}:reminder",
                _(
                    "%(post)s %(name)s: funktionsperioden udløber om 3 måneder – sæt valg på "
                    "generalforsamlingens dagsorden"
                )
                % label,
                add_months(post.term_end, -TERM_REMINDER_MONTHS),
                _("Funktionsperiode valgt til %(date)s") % {"date": short(post.term_end)},
                reverse("year:assemblies", args=[cluster.slug]),
                cluster,
                done=successor,
                manual=True,
            )
        )
        items.append(
            Item(
                f"term:{post.pk}:{post.term_end:%Y%m%d}:end",
                _("%(post)s %(name)s: funktionsperioden udløber") % label,
                post.term_end,
                _("Funktionsperiode valgt til %(date)s") % {"date": short(post.term_end)},
                url,
                cluster,
                done=successor,
                manual=True,
            )
        )
    return items


def order_items(cluster, data: Loaded, missing_consents=None) -> list[Item]:
    items = []
    for order in data.orders[cluster.pk]:
        meeting_day = timezone.localdate(order.meeting.start) if order.meeting.start else None
        if meeting_day is None:
            continue
        versions = data.rulebooks[cluster.scheme_id]
        rulebook = in_force(versions, meeting_day)
        days = rulebook.data_package_consent_days if rulebook else 60
        item = Item(
            f"package_consent:{order.pk}",
            _("%(package)s: ydernumre og medlemmernes samtykke til dataudtræk sendes")
            % {"package": order.package.title},
            meeting_day - timedelta(days=days),
            _("Regelsæt: samtykke senest %(n)d dage før mødet") % {"n": days},
            reverse("year:packages", args=[cluster.slug]),
            cluster,
            done=order.consent_collected,
        )
        if missing_consents and not item.done:
            missing = missing_consents(order)
            if missing:
                item.warning = _("%(n)d medlemmer mangler at give samtykke") % {"n": missing}
        items.append(item)
    return items


def task_item(cluster, task) -> Item:
    return Item(
        f"task:{task.pk}",
        task.title,
        task.due,
        _("Egen opgave"),
        reverse("year:task", args=[cluster.slug, task.pk]),
        cluster,
        done=task.done_at is not None,
    )


def group_by_state(items: list[Item], today: date) -> dict[State, list[Item]]:
    groups = {state: [] for state in State}
    for item in items:
        groups[item.state(today)].append(item)
    return groups
