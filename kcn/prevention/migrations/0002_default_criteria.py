"""The default criteria set (version 1), modelled on Decision 2194/QĐ-BCĐQG."""

from django.db import migrations


def load(apps, schema_editor):
    from kcn.prevention.defaults import load_default_criteria

    names = ("CriteriaSet", "Criterion", "CriterionOption", "ScoreThreshold", "CaseThreshold")
    load_default_criteria(*(apps.get_model("prevention", name) for name in names))


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
