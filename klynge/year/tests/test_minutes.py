"""The assembly's minutes and proposals: each action posts to its own view with its own policy
(the board's, not a member's), a refused form keeps what was typed, confirmed minutes are closed."""

from datetime import date

import pytest
import time_machine

from klynge.year import services
from klynge.year.models import AssemblyDecision, Election, Proposal
from klynge.year.tests.helpers import local
from klynge.year.tests.test_assembly import ASSEMBLY_DAY, url


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        return services.create_assembly(
            world.cluster_a, start=local(ASSEMBLY_DAY), venue="Roskilde Kongres", address="",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )  # fmt: skip


def election(world, assembly):
    return Election.objects.create(
        assembly=assembly, person=world.people["member"], kind="board", outcome="elected",
        start=date(2027, 4, 1),
    )  # fmt: skip


def test_each_form_posts_to_its_own_url(world, login, assembly):
    election(world, assembly)
    AssemblyDecision.objects.create(assembly=assembly, topic="other", text="Kaffe til alle")
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        page = login(world.users["coordinator"]).get(url(assembly, "referat/")).text
    for suffix in ("referat/", "referat/valg/", "referat/valg/fjern/", "referat/beslutning/",
                   "referat/beslutning/fjern/"):  # fmt: skip
        assert f'action="{url(assembly, suffix)}"' in page, suffix
    assert f'formaction="{url(assembly, "referat/gem-og-godkend/")}"' in page
    assert 'name="action"' not in page


def test_a_refused_decision_keeps_what_was_typed_and_adds_nothing(world, login, assembly):
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        response = login(world.users["coordinator"]).post(
            url(assembly, "referat/beslutning/"),
            {"decision-topic": "nonsense", "decision-text": "Skrevet af bestyrelsen"},
        )
    assert response.status_code == 200
    assert "Skrevet af bestyrelsen" in response.text
    assert not AssemblyDecision.objects.exists()


def test_elections_and_decisions_are_removed_only_by_the_board_and_only_while_open(
    world, login, assembly
):
    chosen = election(world, assembly)
    decided = AssemblyDecision.objects.create(assembly=assembly, topic="other", text="Kaffe")
    member = login(world.users["member"])
    assert member.post(url(assembly, "referat/valg/fjern/"), {"id": chosen.pk}).status_code == 403
    refused = member.post(url(assembly, "referat/beslutning/fjern/"), {"id": decided.pk})
    assert refused.status_code == 403
    assert Election.objects.exists() and AssemblyDecision.objects.exists()
    board = login(world.users["board"])
    assert board.get(url(assembly, "referat/valg/fjern/")).status_code == 405
    board.post(url(assembly, "referat/valg/fjern/"), {"id": chosen.pk})
    assert not Election.objects.exists()
    # Confirmed minutes cannot change: the removal is refused with a message, nothing goes.
    assembly.confirmed_at = local(ASSEMBLY_DAY, 22)
    assembly.save()
    response = board.post(url(assembly, "referat/beslutning/fjern/"), {"id": decided.pk})
    assert response.status_code == 302 and response["Location"] == url(assembly)
    assert AssemblyDecision.objects.exists()


def test_the_board_records_a_proposals_outcome_and_a_member_cannot(world, login, assembly):
    proposal = Proposal.objects.create(
        assembly=assembly, person=world.people["member"], title="Vedtægter", text="Forslag"
    )
    target = url(assembly, "forslag/resultat/")
    member = login(world.users["member"])
    assert member.post(target, {"proposal": proposal.pk, "outcome": "adopted"}).status_code == 403
    board = login(world.users["board"])
    assert f'action="{target}"' in board.get(url(assembly, "forslag/")).text
    assert board.post(target, {"proposal": "x", "outcome": "adopted"}).status_code == 404
    response = board.post(target, {"proposal": proposal.pk, "outcome": "adopted"})
    assert response["Location"] == url(assembly, "forslag/")
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.ADOPTED
