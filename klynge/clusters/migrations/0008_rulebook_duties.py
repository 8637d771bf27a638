"""The year's duties come from the rulebook, not from the scheme's kind: a yearly general assembly
and the members' consent to data packages (KiAP/PLO), the yearly coordinator meeting (eKVIS)."""

from django.db import migrations, models

# scheme code: the duties its rulebook versions have had since the first (the seeds).
DUTIES = {
    "kiap": {"yearly_assembly": True, "package_consent": True, "coordinator_meeting": False},
    "ekvis": {"yearly_assembly": False, "package_consent": False, "coordinator_meeting": True},
}


def load(apps, schema_editor):
    db = schema_editor.connection.alias if schema_editor else "default"
    RulebookVersion = apps.get_model("clusters", "RulebookVersion")._default_manager.db_manager(db)
    for code, duties in DUTIES.items():
        RulebookVersion.filter(scheme__code=code).update(**duties)


class Migration(migrations.Migration):
    dependencies = [("clusters", "0007_post_two_consents")]

    operations = [
        migrations.AddField(
            model_name="rulebookversion",
            name="coordinator_meeting",
            field=models.BooleanField(default=False, verbose_name="årligt koordinatortræf"),
        ),
        migrations.AddField(
            model_name="rulebookversion",
            name="package_consent",
            field=models.BooleanField(
                default=False, verbose_name="samtykke fra medlemmerne til datapakker"
            ),
        ),
        migrations.AddField(
            model_name="rulebookversion",
            name="yearly_assembly",
            field=models.BooleanField(default=False, verbose_name="årlig generalforsamling"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
