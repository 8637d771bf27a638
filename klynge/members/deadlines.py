"""The members app's deadline on the wheel: the January check of the registered ydernumre
(KiAP's income depends on it), done when the check is recorded for the year."""

from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.lib.deadlines import Item, Window
from klynge.lib.due import on_day_of_year
from klynge.members.models import JanuaryCheck


def deadlines(window: Window) -> list[Item]:
    checked = set(
        JanuaryCheck.objects.filter(
            cluster_id__in=window.cluster_ids,
            year__range=(window.start.year, window.end.year),
        ).values_list("cluster_id", "year")
    )
    items = []
    for cy in window.years:
        if not cy.rulebook.ydernummer_check_due:
            continue
        items.append(
            Item(
                key=f"ydernumre:{cy.year}",
                title=_("Tjek klyngens registrerede ydernumre (grundlag for årets indbetaling)"),
                due=on_day_of_year(cy.rulebook.ydernummer_check_due, cy.year),
                source=cy.source,
                url=reverse("members:january", args=[cy.cluster.slug]),
                cluster=cy.cluster,
                done=(cy.cluster.pk, cy.year) in checked,
                manual=True,
            )
        )
    return items
