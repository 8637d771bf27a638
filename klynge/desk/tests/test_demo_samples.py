"""The demo's sample files: the Roskilde coordinator downloads KiAP's list and PLO's statement from
the guides, uploads them and sees the differences and the accounts reconciled from the statement.

The demo is the run's shared copy (hub/tests/demo_copy.py: `manage.py demo` itself, once per
run); the command is run again at the end, on top of it."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klynge.accounts.models import User
from klynge.desk import demo, demo_samples
from klynge.desk.models import Guide
from klynge.hub.tests.demo_copy import load_demo
from klynge.money import demo as money_demo
from klynge.money.models import StatementLine
from klynge.money.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def download(client, guide):
    response = client.get(reverse("desk:cluster_guide_file", args=["roskilde", guide.pk]))
    assert response.status_code == 200
    return SimpleUploadedFile(guide.label, b"".join(response.streaming_content))


def test_the_coordinator_uploads_the_demo_samples(client, monkeypatch, tmp_path_factory):
    load_demo(tmp_path_factory.getbasetemp())
    monkeypatch.setattr(demo, "render_pdf", lambda template, context: PDF_BYTES)
    monkeypatch.setattr(
        money_demo, "render_pdf", lambda template, context: PDF_BYTES, raising=False
    )
    client.force_login(User.objects.get(email="koordinator@example.dk"))
    year = timezone.localdate().year
    register = Guide.objects.get(title=demo_samples.REGISTER)
    response = client.post(
        reverse("desk:register", args=["roskilde"]), {"file": download(client, register)}
    )
    assert response.status_code == 302
    differences = client.get(reverse("desk:register", args=["roskilde"])).context["differences"]
    assert len(differences.only_klynge) == 2
    assert [row.clinic is not None for row in differences.only_kiap] == [True, False]

    statement = Guide.objects.get(title=demo_samples.STATEMENT % {"year": year})
    url = reverse("money:statement", args=["roskilde", year])
    response = client.post(url, {"file": download(client, statement)})
    assert response.status_code == 302, response.context["form"].errors
    matches = set(StatementLine.objects.values_list("match", flat=True))
    assert {StatementLine.Match.INCOME, StatementLine.Match.OTHER} <= matches
    page = client.get(reverse("money:accounts", args=["roskilde", year]))
    assert page.context["status"].from_statement
    assert page.context["statement"] is not None

    call_command("demo", stdout=StringIO())  # twice: no second copy of the samples
    assert Guide.objects.filter(title=demo_samples.REGISTER).count() == 1
