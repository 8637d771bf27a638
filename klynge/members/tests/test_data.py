"""Exports (formula injection, access log), the January check and data-extraction consent."""

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from klynge.clusters.models import AccessLog
from klynge.conftest import make_clinic, make_person
from klynge.members import services
from klynge.members.consent import missing_consents
from klynge.members.models import DataConsent, JanuaryCheck


def url(name, world, *args):
    return reverse(f"members:{name}", args=[world.cluster_a.slug, *args])


# --- 9. Export


def test_csv_and_xlsx_exports_are_harmless_and_logged(world, coordinator):
    make_person('=HYPERLINK("http://evil")', world.clinic_a2)
    make_person("@SUM(1)", world.clinic_a2)
    response = coordinator.get(url("export_csv", world))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text
    assert ";=" not in text and ";@" not in text and ";+" not in text
    assert world.clinic_a1.ydernummer in text
    response = coordinator.get(url("export_xlsx", world))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert '\'=HYPERLINK("http://evil")' in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    exported = AccessLog.objects.filter(action="export", cluster=world.cluster_a)
    assert exported.filter(subject=world.people["member"]).count() == 2


def test_ydernumre_export_for_kiap_lists_current_clinics_only(world, coordinator):
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    services.end_membership(membership, date(2026, 1, 1), "ceased", "", by=None)
    text = coordinator.get(url("export_ydernumre", world)).content.decode("utf-8-sig")
    assert world.clinic_a1.ydernummer in text
    assert world.clinic_a2.ydernummer not in text
    assert text.splitlines()[0] == "ydernummer;klinik;status"


def test_member_cannot_export(world, login):
    assert login(world.users["member"]).get(url("export_csv", world)).status_code == 403


# --- 10. January check


def test_january_check_shows_changes_since_last_year_and_is_recorded(world, coordinator):
    with time_machine.travel(date(2025, 1, 20)):
        services.mark_checked(world.cluster_a, 2025, "", by=world.users["coordinator"])
    new = make_clinic(world.cluster_a, name="Nyklinik")
    services.end_membership(
        world.cluster_a.memberships.get(clinic=world.clinic_a2),
        date(2025, 6, 1),
        "left",
        "",
        by=None,
    )
    with time_machine.travel(date(2026, 1, 10)):
        page = coordinator.get(url("january", world))
        assert "Januartjek af ydernumre 2026" in page.text
        assert f"Ny: {new.ydernummer}" in page.text
        assert f"Fjernet: {world.clinic_a2.ydernummer}" in page.text
        coordinator.post(url("january", world), {"note": "Rettet hos KiAP"})
    check = JanuaryCheck.objects.get(cluster=world.cluster_a, year=2026)
    assert check.checked_by == world.users["coordinator"]
    assert {row["ydernummer"] for row in check.snapshot} == {
        world.clinic_a1.ydernummer,
        new.ydernummer,
    }
    assert check.history.count() == 1


def test_january_check_overdue_and_dashboard_reminder(world, coordinator):
    with time_machine.travel(date(2026, 2, 5)):
        page = coordinator.get(url("january", world))
        assert "Fristen er overskredet" in page.text
        dashboard = coordinator.get(reverse("dashboard"))
        assert "Januartjek af ydernumre 2026" in dashboard.text
        assert "Overskredet" in dashboard.text


def test_only_coordinator_and_board_may_mark_checked(world, login):
    secretariat = login(world.users["secretariat_kiap"])
    assert secretariat.get(url("january", world)).status_code == 200
    assert secretariat.post(url("january", world), {"note": ""}).status_code == 403
    assert not JanuaryCheck.objects.exists()


# --- 11. Data-extraction consent


def test_missing_consents_lists_members_without_a_consent_in_force(world):
    cluster = world.cluster_a
    everyone = {p.pk for p in missing_consents(cluster, date(2026, 3, 1))}
    assert world.people["member"].pk in everyone
    services.record_consent(world.people["member"], cluster, date(2026, 1, 10), "", by=None)
    assert world.people["member"] not in missing_consents(cluster, date(2026, 3, 1))
    assert world.people["member"] in missing_consents(cluster, date(2026, 1, 9))
    services.withdraw_consent(world.people["member"], cluster, date(2026, 2, 1), "", by=None)
    assert world.people["member"] in missing_consents(cluster, date(2026, 3, 1))
    assert world.people["member"] not in missing_consents(cluster, date(2026, 1, 20))
    # A consent for cluster B does not count in cluster A; people of B are never listed.
    services.record_consent(
        world.people["coordinator"], world.cluster_b, date(2026, 1, 1), "", by=None
    )
    missing = missing_consents(cluster, date(2026, 3, 1))
    assert world.people["coordinator"] in missing
    assert world.people["other_coordinator"] not in missing


def test_consent_page_records_and_lists_missing(world, coordinator):
    person = world.people["member"]
    response = coordinator.post(
        url("consent", world, person.pk), {"action": "given", "on": "2099-01-01"}
    )
    assert "Datoen ligger i fremtiden" in response.text
    assert not DataConsent.objects.exists()
    coordinator.post(url("consent", world, person.pk), {"action": "given", "on": "2026-01-05"})
    assert DataConsent.objects.get().given_on == date(2026, 1, 5)
    page = coordinator.get(url("consents", world), {"dato": "2026-02-01"})
    assert "mangler samtykke" in page.text
    assert page.context["missing"] and person not in page.context["missing"]
    assert AccessLog.objects.filter(purpose="Samtykker til dataudtræk").exists()
    coordinator.post(url("consent", world, person.pk), {"action": "withdrawn", "on": "2026-03-01"})
    assert DataConsent.objects.get().withdrawn_on == date(2026, 3, 1)


def test_consents_page_uses_constant_queries(world, coordinator, django_assert_num_queries):
    for index in range(20):
        make_person(f"Læge {index}", world.clinic_a2)
    # session, user, cluster, person, roles (1), members, their consents, rulebook, access log
    with django_assert_num_queries(9):
        coordinator.get(url("consents", world))
