"""`kcn import workers FILE --enterprise MST`."""

import pytest
from django.core.management import CommandError, call_command

from kcn.workers.models import Worker

from .helpers import person, xlsx_file


def test_import_workers_command(objects, tmp_path):
    enterprise = objects["ent_dv2"]
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_file([person(1), person(2)], tax_code=enterprise.tax_code).getvalue())
    call_command("import", "workers", str(path), "--enterprise", enterprise.tax_code)
    assert Worker.objects.filter(enterprise=enterprise).count() == 2


def test_import_workers_command_refuses_a_bad_file(objects, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_file([person(1), person(2, identity_number="1")]).getvalue())
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import", "workers", str(path), "--enterprise", objects["ent_dv2"].tax_code)
    assert not Worker.objects.exists()


def test_import_workers_command_needs_an_allowed_user(objects, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_file([person(1)]).getvalue())
    with pytest.raises(CommandError, match="may not"):
        call_command("import", "workers", str(path), "--enterprise", objects["ent_dv2"].tax_code, "--user", "lanhdao")
