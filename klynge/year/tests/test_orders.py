"""Package orders that reach the provider: the order is e-mailed to KiAP, eKVIS or the regional
unit; a second open order for the same package and meeting is warned about and refused; a
follow-up is a new order linked to the first; the provider updates its orders' status."""

from datetime import date

from post_office.models import Email

from klynge.year.models import Package, PackageOrder
from klynge.year.tests.helpers import meeting

ORDERS = "/klynger/klynge-a/aar/pakker/"


def order_url(package) -> str:
    return f"{ORDERS}bestil/{package.pk}/"


def kiap_package(world, **extra):
    return Package.objects.create(title="Antibiotika", provider_scheme=world.kiap, **extra)


def test_ordering_emails_the_schemes_secretariat_with_the_order(world, login):
    package = kiap_package(world)
    autumn = meeting(world.cluster_a, date(2031, 10, 1), title="Efterårsmøde")
    client = login(world.users["coordinator"])
    response = client.post(order_url(package), {"meeting": autumn.pk, "note": "<b>30 læger</b>"})
    assert response.status_code == 302
    order = PackageOrder.objects.get()
    assert order.history.latest().history_user == world.users["coordinator"]
    mail = Email.objects.get()
    assert mail.to == [world.kiap.secretariat_email]
    assert mail.subject == "Bestilling af klyngepakke: Antibiotika – Klynge klynge-a"
    assert f"Bestilling nr.: {order.pk}" in mail.message
    assert "Efterårsmøde" in mail.message and "Karen Koordinator" in mail.message
    assert "<b>30 læger</b>" not in mail.html_message and "30 læger" in mail.html_message
    assert "/sekretariat/klyngepakker/" in mail.message


def test_a_regional_package_goes_to_the_regional_unit(world, login):
    package = Package.objects.create(title="Opioider", provider_region=world.region)
    login(world.users["coordinator"]).post(order_url(package), {"note": ""})
    mail = Email.objects.get()
    assert mail.to == [world.region.notice_email]
    assert "/region/klyngepakker/" in mail.message


def test_an_open_order_for_the_same_package_and_meeting_is_warned_about_and_refused(world, login):
    package = kiap_package(world)
    autumn = meeting(world.cluster_a, date(2031, 10, 1), title="Efterårsmøde")
    spring = meeting(world.cluster_a, date(2031, 4, 1), title="Forårsmøde")
    client = login(world.users["coordinator"])
    assert "allerede en åben bestilling" not in client.get(order_url(package)).text
    client.post(order_url(package), {"meeting": autumn.pk, "note": "første"})
    assert "allerede en åben bestilling" in client.get(order_url(package)).text
    # The double submit: refused next to the field, what was typed is kept, nothing is sent.
    again = client.post(order_url(package), {"meeting": autumn.pk, "note": "anden gang"})
    assert again.status_code == 200 and "anden gang" in again.text
    assert "samme møde" in again.text and "form-error-message" in again.text
    assert PackageOrder.objects.count() == 1 and Email.objects.count() == 1
    # Another meeting is another order; a cancelled order no longer blocks.
    client.post(order_url(package), {"meeting": spring.pk})
    assert PackageOrder.objects.count() == 2
    PackageOrder.objects.filter(meeting=autumn).update(status=PackageOrder.Status.CANCELLED)
    client.post(order_url(package), {"meeting": autumn.pk})
    assert PackageOrder.objects.count() == 3 and Email.objects.count() == 3


def test_a_follow_up_is_a_new_order_linked_to_the_first(world, login):
    package = kiap_package(world)
    autumn = meeting(world.cluster_a, date(2031, 10, 1), title="Efterårsmøde")
    later = meeting(world.cluster_a, date(2032, 2, 1), title="Opfølgningsmøde")
    first = PackageOrder.objects.create(
        cluster=world.cluster_a, package=package, meeting=autumn, status="delivered"
    )
    client = login(world.users["coordinator"])
    page = client.get(f"{ORDERS}bestilling/{first.pk}/").text
    assert f"{ORDERS}bestilling/{first.pk}/opfoelgning/" in page
    response = client.post(
        f"{ORDERS}bestilling/{first.pk}/opfoelgning/", {"meeting": later.pk, "note": ""}
    )
    follow_up = PackageOrder.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302
    assert follow_up.follow_up_of == first and follow_up.meeting == later
    first.refresh_from_db()
    assert first.status == PackageOrder.Status.FOLLOW_UP
    mail = Email.objects.get()
    assert mail.subject == "Opfølgning bestilt: Antibiotika – Klynge klynge-a"
    assert f"opfølgning på bestilling nr. {first.pk}" in mail.message
    assert f"bestilling nr. {first.pk}" in client.get(f"{ORDERS}bestilling/{follow_up.pk}/").text


def test_the_provider_updates_the_status_and_the_coordinator_is_told(world, login):
    package = kiap_package(world)
    order = PackageOrder.objects.create(cluster=world.cluster_a, package=package)
    url = f"/sekretariat/klyngepakker/bestilling/{order.pk}/status/"
    kiap = login(world.users["secretariat_kiap"])
    page = kiap.get("/sekretariat/klyngepakker/").text
    assert url in page and "Klynge klynge-a" in page
    assert "1 ny bestilling" in kiap.get("/sekretariat/").text
    assert kiap.get(url).status_code == 405  # a link opened changes nothing
    assert kiap.post(url, {"status": "confirmed"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "confirmed"
    assert order.history.latest().history_user == world.users["secretariat_kiap"]
    mail = Email.objects.get()
    assert mail.to == ["coordinator@example.dk"]
    assert mail.subject == "Klyngepakken «Antibiotika»: Bekræftet af udbyderen"
    # A status that does not exist changes nothing.
    kiap.post(url, {"status": "paid"})
    order.refresh_from_db()
    assert order.status == "confirmed" and Email.objects.count() == 1


def test_other_providers_cannot_touch_the_order(world, login):
    order = PackageOrder.objects.create(cluster=world.cluster_a, package=kiap_package(world))
    url = f"/sekretariat/klyngepakker/bestilling/{order.pk}/status/"
    assert login(world.users["secretariat_ekvis"]).post(url, {"status": "x"}).status_code == 404
    regional = f"/region/klyngepakker/bestilling/{order.pk}/status/"
    assert login(world.users["regional"]).post(regional, {"status": "delivered"}).status_code == 404
    assert login(world.users["coordinator"]).post(url, {"status": "delivered"}).status_code == 403
    order.refresh_from_db()
    assert order.status == "requested" and not Email.objects.exists()


def test_the_cluster_cancelling_tells_the_provider(world, login):
    order = PackageOrder.objects.create(cluster=world.cluster_a, package=kiap_package(world))
    client = login(world.users["coordinator"])
    client.post(f"{ORDERS}bestilling/{order.pk}/", {"status": "cancelled", "note": "Aflyst"})
    order.refresh_from_db()
    assert order.status == "cancelled" and order.note == "Aflyst"
    mail = Email.objects.get()
    assert mail.to == [world.kiap.secretariat_email]
    assert mail.subject == "Bestilling annulleret: Antibiotika – Klynge klynge-a"


def test_the_providers_list_reads_a_constant_number_of_queries(
    world, login, django_assert_max_num_queries
):
    package = kiap_package(world)
    client = login(world.users["secretariat_kiap"])

    def orders(n):
        for _ in range(n):
            PackageOrder.objects.create(cluster=world.cluster_a, package=package)

    orders(1)
    # session, user, packages, orders (with package, cluster, meeting, first order), messages
    with django_assert_max_num_queries(8):
        small = client.get("/sekretariat/klyngepakker/")
    orders(20)
    with django_assert_max_num_queries(8):
        large = client.get("/sekretariat/klyngepakker/")
    assert small.text.count("/status/") == 1 and large.text.count("/status/") == 21
