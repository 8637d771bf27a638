"""The demo's money: the eKVIS coordinator's claims (one approved by the secretariat, one waiting),
the KiAP cluster's account moved by an approved claim; loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from klynge.clusters.models import Cluster
from klynge.money import demo, lookups
from klynge.money.models import Accounts, Budget, Claim, ExpenseLine
from klynge.money.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_demo_money(monkeypatch):
    monkeypatch.setattr(demo, "render_pdf", lambda template, context: PDF_BYTES)
    call_command("demo", stdout=StringIO())
    ekvis = Cluster.objects.get(slug="oejenklyngen-nord")
    claims = {c.status: c for c in Claim.objects.filter(cluster=ekvis)}
    assert set(claims) == {"approved", "submitted"}
    assert claims["approved"].decided_by.email == "sekretariat.ekvis@example.dk"
    assert claims["approved"].approved_amount > 0
    assert not ExpenseLine.objects.filter(receipt="").exists()
    roskilde = Cluster.objects.get(slug="roskilde")
    kiap = Claim.objects.get(cluster=roskilde)
    status = lookups.account_status(roskilde, kiap.meeting.start.year)
    assert status.approved_expenses == kiap.approved_amount > 0
    last = Accounts.objects.get(cluster=roskilde)
    assert last.statement_balance == lookups.account_status(roskilde, last.year).balance
    counts = (Claim.objects.count(), ExpenseLine.objects.count(), Budget.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Claim.objects.count(), ExpenseLine.objects.count(), Budget.objects.count()) == counts
