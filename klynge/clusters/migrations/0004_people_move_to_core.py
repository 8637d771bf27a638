"""Clinics, people, affiliations and memberships move from the members app to the core.

Only Django's picture of the models moves: the tables keep their names (members_*), so no row is
touched. The content types follow, so permissions stay attached. This runs after every migration
that points at the models under their old app."""

from django.db import migrations

from klynge.lib.migrations import MoveModels

MOVED = [
    "Clinic",
    "HistoricalClinic",
    "Person",
    "HistoricalPerson",
    "ClinicAffiliation",
    "HistoricalClinicAffiliation",
    "ClusterMembership",
    "HistoricalClusterMembership",
]


def relabel(apps, schema_editor, old, new):
    content_types = apps.get_model("contenttypes", "ContentType")._default_manager.db_manager(
        schema_editor.connection.alias
    )
    for model in MOVED:
        model = model.lower()
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "members", "clusters")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "clusters", "members")


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0003_reference_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0002_historicaldataconsent_historicalfollowup_and_more"),
        ("meetings", "0002_historicalinvitation_attendance_version_and_more"),
        ("money", "0001_initial"),
        ("year", "0002_report_sections"),
    ]

    operations = [
        MoveModels("members", "clusters", MOVED),
        migrations.RunPython(forwards, backwards),
    ]
