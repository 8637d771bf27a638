"""Derived data in the cache (klynge/lib/derived.py, klynge/clusters/derived.py): the wheel and
the account status are read in two queries, every table they read is watched, and a change made
through a service, a view or the admin shows at once."""

import ast
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from klynge.clusters.derived import WATCHED
from klynge.clusters.models import Cluster, Post, RulebookVersion
from klynge.clusters.tests.reads import models_read
from klynge.lib import derived
from klynge.meetings import services as meeting_services
from klynge.meetings.models import Invitation, Meeting
from klynge.members.models import ListedPatients
from klynge.money import lookups
from klynge.money import services as money_services
from klynge.privacy.services import update_own_details
from klynge.year import wheel

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=CPH)
YEAR = 2026


@pytest.fixture
def today(world):
    with time_machine.travel(NOW, tick=False):
        yield


def items(cluster) -> dict[str, wheel.Item]:
    return {item.key: item for item in wheel.items_for(cluster, YEAR)}


def account(cluster) -> lookups.AccountStatus:
    return lookups.account_statuses([cluster], YEAR)[cluster.pk]


def a_meeting(cluster, day=date(YEAR, 12, 10)) -> Meeting:
    return Meeting.objects.create(
        cluster=cluster,
        title="Decembermøde",
        start=datetime(YEAR, day.month, day.day, 17, tzinfo=CPH),
    )


def test_a_cached_read_is_two_queries_and_gives_the_same(world, today, django_assert_num_queries):
    a_meeting(world.cluster_a)
    first = wheel.items_for(world.cluster_a, YEAR)
    cluster = Cluster.objects.get(pk=world.cluster_a.pk)
    with django_assert_num_queries(1):  # the cluster's token; the entry is kept in the process
        again = wheel.items_for(cluster, YEAR)
    assert first and [(i.key, i.due, i.done, i.title) for i in again] == [
        (i.key, i.due, i.done, i.title) for i in first
    ]
    assert all(item.cluster is cluster for item in again)
    lookups.account_statuses([world.cluster_a, world.cluster_b], YEAR)
    derived._local.clear()  # another process computed it: the entry comes from the shared cache
    with django_assert_num_queries(2):
        both = lookups.account_statuses([world.cluster_a, world.cluster_b], YEAR)
    with django_assert_num_queries(1):
        assert lookups.account_statuses([world.cluster_a, world.cluster_b], YEAR) == both
    assert both[world.cluster_a.pk] == lookups.account_status(world.cluster_a, YEAR)


def test_every_table_the_derived_data_reads_is_watched(world, today):
    """A new input (a table the wheel or the account status starts to read) must be declared in
    its app's derived.py, or its changes would not show."""
    a_meeting(world.cluster_a)
    with models_read() as read:
        wheel.compute([world.cluster_a, world.cluster_e], date(YEAR, 1, 1), date(YEAR + 1, 1, 1))
        lookups.account_status(world.cluster_a, YEAR)
    assert len(read) > 10
    assert read <= set(WATCHED), sorted(model.__name__ for model in read - set(WATCHED))


def test_an_answer_shows_on_the_wheel_at_once(world, today):
    meeting = a_meeting(world.cluster_a)
    invitation = Invitation.objects.create(meeting=meeting, person=world.people["member"])
    key = f"meeting:{meeting.pk}:answers"
    assert not items(world.cluster_a)[key].done
    meeting_services.record_answer(invitation, Invitation.Answer.YES, by=None)
    assert items(world.cluster_a)[key].done


def test_a_tick_and_a_task_made_on_the_wheel_page_show_at_once(world, today, login):
    a_meeting(world.cluster_a)
    client = login(world.users["coordinator"])
    slug = world.cluster_a.slug
    manual = next(item for item in items(world.cluster_a).values() if item.manual)
    assert not manual.done
    client.post(reverse("year:mark", args=[slug, YEAR]), {"key": manual.key, "done": "1"})
    assert items(world.cluster_a)[manual.key].done
    client.post(
        reverse("year:task_add", args=[slug]), {"title": "Bestil lokale", "due": "2026-12-15"}
    )
    page = client.get(reverse("year:wheel_year", args=[slug, YEAR])).content.decode()
    assert "Bestil lokale" in page


def test_a_rename_shows_in_the_post_holders_clusters_at_once(world, today):
    board = Post.objects.get(cluster=world.cluster_a, kind=Post.Kind.BOARD)
    board.term_end = date(YEAR + 1, 1, 31)
    board.save()
    assert any("Bent Bestyrelse" in item.title for item in items(world.cluster_a).values())
    person = world.people["board"]
    update_own_details(
        person, {"name": "Bent Nytnavn", "phone": "", "share_contact": False}, by=person.user
    )
    titles = [item.title for item in items(world.cluster_a).values()]
    assert any("Bent Nytnavn" in title for title in titles)
    assert not any("Bent Bestyrelse" in title for title in titles)


def test_account_status_follows_the_accounts_the_patients_and_the_rulebook(world, today):
    coordinator = world.users["coordinator"]
    assert account(world.cluster_a).manual == 0
    money_services.change_accounts(
        world.cluster_a, YEAR, by=coordinator, opening_balance=Decimal(0),
        line={"direction": "income", "description": "Renter", "amount": Decimal(125)},
    )  # fmt: skip
    assert account(world.cluster_a).manual == Decimal(125)
    ListedPatients.objects.create(clinic=world.clinic_a1, year=YEAR, count=1500)
    assert account(world.cluster_a).listed_patients == 1500
    # The rulebook is the scheme's: every cluster of it sees a new rate at once.
    before = {c.pk: account(c).rate for c in (world.cluster_a, world.cluster_b)}
    version = RulebookVersion.objects.filter(scheme=world.kiap).latest("valid_from")
    version.income_per_listed_patient = (version.income_per_listed_patient or 0) + 1
    version.save()
    for cluster in (world.cluster_a, world.cluster_b):
        assert account(cluster).rate == before[cluster.pk] + 1


def test_a_rolled_back_change_keeps_the_cached_value(world, today, django_assert_num_queries):
    first = account(world.cluster_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        ListedPatients.objects.create(clinic=world.clinic_a1, year=YEAR, count=99)
        raise RuntimeError
    with django_assert_num_queries(1):  # still cached: the token did not change
        assert account(world.cluster_a) == first


def test_a_change_in_another_cluster_leaves_this_one_cached(
    world, today, django_assert_num_queries
):
    account(world.cluster_a)
    ListedPatients.objects.create(clinic=world.clinic_b1, year=YEAR, count=700)
    with django_assert_num_queries(1):
        account(world.cluster_a)
    assert account(world.cluster_b).listed_patients == 700


def test_the_language_is_part_of_the_key(world, today):
    from django.utils import translation

    a_meeting(world.cluster_a)
    danish = {i.key: i.title for i in wheel.items_for(world.cluster_a, YEAR)}
    with translation.override("en"):
        english = {i.key: i.title for i in wheel.items_for(world.cluster_a, YEAR)}
    assert danish.keys() == english.keys()
    assert danish != english


BULK = {"update", "bulk_create", "bulk_update"}
# Bulk writes on a watched model that change no input of the derived data.
NOT_INPUTS = {
    ("klynge/clusters/derived.py", "Cluster"),  # the token itself
    ("klynge/privacy/services.py", "Invitation"),  # erasure blanks the reason of a "no"
    ("klynge/privacy/services.py", "Person"),  # erasure blanks the history rows (Person.history)
    # `membership.follow_ups` are the clinic's tasks; a package order's are also `follow_ups`.
    ("klynge/members/services.py", "PackageOrder"),
}


def bulk_writes(tree: ast.AST):
    """(function, names) for every `….update/bulk_create/bulk_update(…)` call: the names along its
    chain (`Model.objects…` gives the model's name, `meeting.invitations.filter(…)` the related
    manager's `invitations`)."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            if call.func.attr not in BULK:
                continue
            names = set()
            node = call.func.value
            while isinstance(node, ast.Attribute | ast.Call):
                if isinstance(node, ast.Attribute):
                    names.add(node.attr)
                node = node.func if isinstance(node, ast.Call) else node.value
            if isinstance(node, ast.Name):
                names.add(node.id)
            yield function, names


def watched_names() -> dict[str, str]:
    """Each way code names a watched model's rows: the class, and every related manager that
    leads to it (`meeting.invitations`, `cluster.memberships`, `clinic.clustermembership_set`)."""
    names = {}
    for model in WATCHED:
        names[model.__name__] = model.__name__
        for field in model._meta.get_fields():
            if field.is_relation and field.many_to_one and not field.auto_created:
                accessor = field.remote_field.get_accessor_name()
                if accessor:
                    names[accessor] = model.__name__
    return names


def test_bulk_writes_on_watched_models_bump_the_clusters():
    """`QuerySet.update` and `bulk_create` send no signals: a function that writes a watched
    model in bulk, through its manager or a related manager, must call `bump(...)` itself, or
    the wheel and the account status go stale."""
    root = Path(settings.BASE_DIR)
    watched = watched_names()
    missing = []
    for path in sorted((root / "klynge").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or "/bench/" in relative:
            continue
        for function, names in bulk_writes(ast.parse(path.read_text())):
            models = {watched[name] for name in names if name in watched}
            models -= {name for (where, name) in NOT_INPUTS if where == relative}
            if not models:
                continue
            calls = {
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                for node in ast.walk(function)
                if isinstance(node, ast.Call)
            }
            if "bump" not in calls:
                missing.append(f"{relative}: {function.name} ({', '.join(sorted(models))})")
    assert not missing, missing


def test_the_scan_sees_a_related_managers_bulk_write():
    """The scan above is not blind to `meeting.invitations.update(…)` (no signals either)."""
    code = (
        "def close(meeting):\n    meeting.invitations.filter(answer='none').update(answer='no')\n"
    )
    [(function, names)] = list(bulk_writes(ast.parse(code)))
    assert watched_names()["invitations"] == "Invitation" and "invitations" in names


def test_rows_written_in_bulk_with_history_bump_their_clusters(world, today):
    """Inviting many people and importing rows write in bulk (no signals): the bulk helpers with
    history renew the token of the clusters those rows belong to, and only theirs."""
    from klynge.clusters.audit import bulk_create_with_history, bulk_update_with_history

    meeting = a_meeting(world.cluster_a)
    before = {c.pk: c.derived_version for c in Cluster.objects.all()}
    invitations = bulk_create_with_history(
        [Invitation(meeting=meeting, person=world.people["member"])], Invitation
    )
    after = {c.pk: c.derived_version for c in Cluster.objects.all()}
    assert after[world.cluster_a.pk] != before[world.cluster_a.pk]
    assert after[world.cluster_b.pk] == before[world.cluster_b.pk]

    invitations[0].answer = Invitation.Answer.YES
    bulk_update_with_history(invitations, Invitation, ["answer"])
    assert Cluster.objects.get(pk=world.cluster_a.pk).derived_version != after[world.cluster_a.pk]


def test_bulk_rows_of_several_clusters_bump_each_of_them_and_no_other(world, today):
    """Rows of two clusters' meetings in one bulk write: both clusters get new tokens (the
    conditions are gathered a hundred at a time), the third keeps its own."""
    from klynge.clusters.audit import bulk_create_with_history

    meetings = [a_meeting(world.cluster_a), a_meeting(world.cluster_b)]
    before = {c.pk: c.derived_version for c in Cluster.objects.all()}
    bulk_create_with_history(
        [Invitation(meeting=m, person=world.people["member"]) for m in meetings], Invitation
    )
    after = {c.pk: c.derived_version for c in Cluster.objects.all()}
    assert after[world.cluster_a.pk] != before[world.cluster_a.pk]
    assert after[world.cluster_b.pk] != before[world.cluster_b.pk]
    assert after[world.cluster_e.pk] == before[world.cluster_e.pk]


def test_a_request_reads_a_token_once_until_this_process_renews_one(
    world, today, django_assert_num_queries
):
    """Within a request, the wheel and the account status of a cluster ask for its token once;
    a write that renews a token (here, in the same request) makes the next read ask again."""
    a_meeting(world.cluster_a)
    cluster = Cluster.objects.get(pk=world.cluster_a.pk)
    wheel.items_for(cluster, YEAR), lookups.account_statuses([cluster], YEAR)  # computed
    seen = {}

    def view(request):
        cluster = Cluster.objects.get(pk=world.cluster_a.pk)
        with django_assert_num_queries(1):  # one token read, both entries from the process
            seen["before"] = wheel.items_for(cluster, YEAR)
            lookups.account_statuses([cluster], YEAR)
        a_meeting(world.cluster_a, day=date(YEAR, 12, 11))  # renews the token (same process)
        seen["after"] = wheel.items_for(cluster, YEAR)

    derived.RequestScope(view)(None)
    assert len(seen["after"]) > len(seen["before"])
    # Outside a request every read asks for the token.
    with django_assert_num_queries(2):
        wheel.items_for(cluster, YEAR), wheel.items_for(cluster, YEAR)


def test_a_reader_cannot_change_the_kept_entry(world, today):
    first = lookups.account_statuses([world.cluster_a], YEAR)[world.cluster_a.pk]
    first.listed_patients = -1
    again = lookups.account_statuses([world.cluster_a], YEAR)[world.cluster_a.pk]
    assert again.listed_patients != -1


def test_people_inserted_in_bulk_ask_for_no_cluster(world):
    """An import inserts its new people in one go: nothing points at them yet (no post, no
    workplace, no agenda item), so finding their clusters would be subqueries for nothing: one
    person or 150, no query beyond the inserts, and no cluster's token changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klynge.clusters.audit import bulk_create_with_history
    from klynge.clusters.models import Person

    tokens = dict(Cluster.objects.values_list("pk", "derived_version"))

    def insert(count: int, tag: str) -> int:
        people = [
            Person(name=f"Ny {tag} {n}", email=f"ny.{tag}.{n}@example.dk") for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            bulk_create_with_history(people, Person)
        return len(captured)

    assert insert(1, "a") == insert(150, "b") == 2  # the people, their history rows
    assert dict(Cluster.objects.values_list("pk", "derived_version")) == tokens


def test_an_entry_made_by_other_code_is_not_read(world, today, monkeypatch):
    """After a deploy the tokens are the same but the code is not: its entries are computed anew."""
    calls = []

    def compute(owners):
        calls.append([owner.pk for owner in owners])
        return {owner.pk: len(calls) for owner in owners}

    cluster = world.cluster_a
    assert derived.cached("probe", [cluster], [], compute) == {cluster.pk: 1}
    assert derived.cached("probe", [cluster], [], compute) == {cluster.pk: 1}
    monkeypatch.setattr(derived, "code_version", lambda: "after-a-deploy")
    assert derived.cached("probe", [cluster], [], compute) == {cluster.pk: 2}
    assert calls == [[cluster.pk], [cluster.pk]]


def test_the_code_version_reads_code_templates_and_translations_not_tests(tmp_path):
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "views.py").write_text("x = 1\n")
    (tmp_path / "app" / "templates" / "page.html").write_text("<p>1</p>")
    (tmp_path / "app" / "tests" / "test_page.py").write_text("y = 1\n")
    version = derived.digest_of(tmp_path)
    assert len(version) == 12 and version == derived.digest_of(tmp_path)
    (tmp_path / "app" / "tests" / "test_page.py").write_text("y = 2\n")
    (tmp_path / "app" / "notes.md").write_text("not code")
    assert derived.digest_of(tmp_path) == version
    for changed in ["app/views.py", "app/templates/page.html", "da/django.mo"]:
        (tmp_path / changed).parent.mkdir(exist_ok=True)
        (tmp_path / changed).write_text("changed")
        assert derived.digest_of(tmp_path) != version, changed
        version = derived.digest_of(tmp_path)
    assert derived.code_version() == derived.digest_of(Path(derived.__file__).parent.parent)
