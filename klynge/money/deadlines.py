"""The money app's deadlines on the wheel: the budget and the annual accounts (schemes whose
clusters keep an account), the refund claim after each meeting, and the honorarium check.

Done when recorded: a budget with at least one line; accounts whose balance is reconciled with
the secretariat's statement; a claim submitted (or decided) for the meeting, or its attendance
list sent to the secretariat."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.lib import due
from klynge.lib.deadlines import EKVIS_SEED, KIAP_TASKS, ClusterYear, Item, Window, link, short
from klynge.meetings.models import Meeting
from klynge.money.models import Accounts, Budget, Claim

CLAIMED = (Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PAID)


def deadlines(window: Window) -> list[Item]:
    facts = load(window)
    items: list[Item] = []
    for cy in window.years:
        if cy.rulebook.income_per_listed_patient is not None:
            items += plan_items(cy, window, facts)
        honorarium = honorarium_item(cy)
        if honorarium is not None:
            items.append(honorarium)
    for cluster in window.clusters():
        items += paperwork_items(cluster, window.meetings.get(cluster.pk, []), facts["claimed"])
    return items


def load(window: Window) -> dict:
    """Three queries: budgets with lines, reconciled accounts, claims for the meetings."""
    ids = window.cluster_ids
    years = (window.start.year - 1, window.end.year)
    return {
        "budgets": set(
            Budget.objects.filter(cluster_id__in=ids, year__range=years, lines__isnull=False)
            .values_list("cluster_id", "year")
            .distinct()
        ),
        "accounts": set(
            Accounts.objects.filter(
                cluster_id__in=ids, year__range=years, statement_balance__isnull=False
            ).values_list("cluster_id", "year")
        ),
        "claimed": set(
            Claim.objects.filter(
                Q(status__in=CLAIMED) | Q(submitted_at__isnull=False),
                meeting__in=window.meeting_query,
            ).values_list("meeting_id", flat=True)
        ),
    }


def plan_items(cy: ClusterYear, window: Window, facts: dict) -> list[Item]:
    slug, home = cy.cluster.slug, reverse("clusters:detail", args=[cy.cluster.slug])
    # The accounts go out with the final notice of the year's assembly.
    accounts_due = due.accounts_due(
        cy.year,
        [
            timezone.localdate(m.start)
            for m in window.meetings.get(cy.cluster.pk, [])
            if m.kind == Meeting.Kind.ASSEMBLY
        ],
        cy.rulebook.assembly_notice_days,
    )
    key = (cy.cluster.pk, cy.year)
    return [
        Item(
            key=f"budget:{cy.year}",
            title=_("Budget for %(year)s") % {"year": cy.year},
            due=due.budget_due(cy.year),
            source=KIAP_TASKS,
            url=link("money:budget", [slug, cy.year], home),
            cluster=cy.cluster,
            done=key in facts["budgets"],
            manual=True,
        ),
        Item(
            key=f"accounts:{cy.year - 1}",
            title=_("Årsregnskab for %(year)s") % {"year": cy.year - 1},
            due=accounts_due,
            source=KIAP_TASKS,
            url=link("money:accounts", [slug, cy.year - 1], home),
            cluster=cy.cluster,
            done=(cy.cluster.pk, cy.year - 1) in facts["accounts"],
            manual=True,
        ),
    ]


def honorarium_item(cy: ClusterYear) -> Item | None:
    """The coordinator's honorarium by the rulebook (eKVIS), or honoraria the assembly decided."""
    slug, cluster = cy.cluster.slug, cy.cluster
    if cy.rulebook.coordinator_honorarium:
        pay_day = due.honorarium_pay_day(cy.year, cy.rulebook.honorarium_period_start_month)
        return Item(
            key=f"honorarium:{cy.year}",
            title=_(
                "Koordinatorhonorar for perioden til %(end)s: tjek at et koordinatorskifte "
                "er meldt, før honoraret udbetales"
            )
            % {"end": short(pay_day)},
            due=pay_day,
            source=cy.source,
            url=link(
                "money:honorarium", [slug, cy.year - 1], reverse("year:handover", args=[slug])
            ),
            cluster=cluster,
            manual=True,
        )
    if cy.rules.coordinator_honorarium or cy.rules.board_honorarium:
        return Item(
            key=f"honorarium:{cy.year}",
            title=_(
                "Honorarer til koordinator og bestyrelse efter generalforsamlingens beslutning"
            ),
            due=due.assembly_honoraria_due(cy.year),
            source=_("Klyngens regler fra %(date)s") % {"date": short(cy.rules.valid_from)},
            url=reverse("clusters:detail", args=[slug]),
            cluster=cluster,
            manual=True,
        )
    return None


def paperwork_items(cluster, meetings, claimed: set) -> list[Item]:
    specialist = cluster.scheme.is_specialist
    items = []
    for meeting in meetings:
        if meeting.kind != Meeting.Kind.CLUSTER:
            continue
        title = (
            _("%(meeting)s: refusion søges hos eKVIS")
            if specialist
            else _("%(meeting)s: bilag og mødedeltagerliste til PLO")
        )
        items.append(
            Item(
                f"meeting:{meeting.pk}:paperwork",
                title % {"meeting": meeting.title},
                due.paperwork_due(timezone.localdate(meeting.start)),
                (EKVIS_SEED if specialist else KIAP_TASKS) + _("; fristen er Klynges forslag"),
                link(
                    "meetings:detail",
                    [cluster.slug, meeting.pk],
                    reverse("clusters:detail", args=[cluster.slug]),
                ),
                cluster,
                done=meeting.pk in claimed or meeting.attendance_list_sent_at is not None,
                manual=True,
            )
        )
    return items
