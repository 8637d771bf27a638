"""The general assembly as written on its pages: date, place and agenda, members' proposals and
their outcome, and the minutes with each election and decision, mailed to the members once
confirmed. Each change is a @service: the history (meeting, assembly, proposals, elections,
decisions) names who made it."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from klynge.clusters.audit import service
from klynge.lib.phrases import canonical_lines, stored
from klynge.mail.outbox import queue_mail
from klynge.year import phrases
from klynge.year.models import Assembly, AssemblyDecision, Election, Proposal
from klynge.year.services import mail_context, members_to_notify


@service
def change_assembly(assembly: Assembly, data: dict, *, by, reason: str = "") -> Assembly:
    """New date, place, proposal deadline or agenda (`data` from the assembly's edit form)."""
    meeting = assembly.meeting
    meeting.start = data["start"]
    meeting.end = data["start"] + timedelta(hours=2)
    meeting.venue = data["venue"]
    meeting.venue_address = data["address"]
    meeting.save()
    assembly.proposals_deadline = data["proposals_deadline"]
    assembly.agenda = canonical_lines(data["agenda"])
    assembly.save()
    return assembly


@service
def add_proposal(assembly: Assembly, proposal: Proposal, person, *, by) -> Proposal:
    """A member's proposal (from the form, unsaved), sent by `person` before the deadline."""
    proposal.assembly = assembly
    proposal.person = person
    proposal.save()
    return proposal


@service
def set_proposal_outcome(proposal: Proposal, outcome: str, *, by) -> Proposal:
    proposal.outcome = outcome
    proposal.save()
    return proposal


@service
def save_minutes(assembly: Assembly, fields: dict, *, by) -> Assembly:
    """Chair, minute-taker and the text of the minutes (`fields` from the minutes form)."""
    for field, value in fields.items():
        setattr(assembly, field, value)
    assembly._change_reason = stored(phrases.MINUTES_SAVED)
    assembly.save()
    return assembly


@service
def add_election(assembly: Assembly, election: Election, *, by) -> Election:
    election.assembly = assembly
    election.save()
    return election


@service
def delete_election(assembly: Assembly, pk, *, by) -> int:
    """Remove an election from the minutes (none when `pk` is not one of this assembly's)."""
    return assembly.elections.filter(pk=pk).delete()[0]


@service
def add_decision(assembly: Assembly, decision: AssemblyDecision, *, by) -> AssemblyDecision:
    decision.assembly = assembly
    decision.save()
    return decision


@service
def delete_decision(assembly: Assembly, pk, *, by) -> int:
    return assembly.decisions.filter(pk=pk).delete()[0]


@service
def mail_minutes(assembly: Assembly, pdf: bytes, *, by) -> int:
    """The confirmed minutes (`pdf`) to every member on the day of the assembly."""
    cluster = assembly.meeting.cluster
    name = f"referat-generalforsamling-{assembly.day:%Y-%m-%d}.pdf"
    people = members_to_notify(cluster, assembly.day or timezone.localdate())
    for person in people:
        queue_mail(
            "year_assembly_minutes",
            person.email,
            mail_context(assembly, person),
            key=f"assembly-minutes:{assembly.pk}:{person.pk}",
            cluster=cluster,
            about=assembly,
            attachments={name: ContentFile(pdf)},
        )
    return len(people)
