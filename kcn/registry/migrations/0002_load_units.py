from django.db import migrations


def load(apps, schema_editor):
    from kcn.registry.units import units_sync

    units_sync(apps.get_model("registry", "Province"), apps.get_model("registry", "Commune"),
               apps.get_model("registry", "LegacyProvince"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
