"""People are matched on e-mail whatever its case, through an index (the import does it per row)."""

from django.db import connection

from klynge.clusters.models import Person


def test_by_email_ignores_case(db):
    anne = Person.objects.create(name="Anne Jensen", email="Anne.Jensen@Example.dk")
    Person.objects.create(name="Bo Hansen", email="bo@example.dk")
    assert list(Person.objects.by_email("anne.jensen@example.DK")) == [anne]
    assert list(Person.objects.by_email("anne@example.dk")) == []


def test_by_email_uses_the_index_on_sqlite(db):
    if connection.vendor != "sqlite":
        return  # PostgreSQL's planner may scan a tiny table; the index is the same
    plan = Person.objects.by_email("anne@example.dk").explain()
    assert "person_email_lower" in plan
