"""The demo's money: the eKVIS coordinator's claims (one approved by the secretariat, one waiting),
the KiAP cluster's account moved by an approved claim; loading twice changes nothing.

The first load is the run's shared copy of the demo (hub/tests/demo_copy.py: `manage.py demo`
itself, once per run); the second is the command again, on top of it."""

from io import StringIO

import pytest
from django.core.management import call_command

from klynge.clusters.models import Cluster
from klynge.hub.tests.demo_copy import load_demo
from klynge.money import demo, lookups
from klynge.money.models import Accounts, Budget, Claim, ExpenseLine
from klynge.money.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_demo_money(monkeypatch, tmp_path_factory):
    load_demo(tmp_path_factory.getbasetemp())
    monkeypatch.setattr(demo, "render_pdf", lambda template, context: PDF_BYTES)
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
