"""The default epidemic checklist (5K, equipment, organisation), version 1."""

from django.db import migrations


def load(apps, schema_editor):
    from kcn.inspections.defaults import load_default_checklist

    load_default_checklist(apps.get_model("inspections", "Checklist"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
