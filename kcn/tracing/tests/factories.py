"""Workers for tracing's tests, built straight into the table (the workers app's import is
someone else's), and the default rule back after a flush (transactional and browser tests)."""

import importlib
import itertools

from django.apps import apps

from kcn.workers.models import Worker

_NUMBERS = itertools.count(1)


def cccd() -> str:
    """A fresh, well-formed identity number (province code 035: Hà Nam)."""
    return f"0350{next(_NUMBERS):08d}"


def make_workers(enterprise, rows) -> list[Worker]:
    """rows: dicts of Worker fields (full_name required); identity numbers are generated if absent."""
    workers = [Worker(enterprise=enterprise, identity_number=row.pop("identity_number", None) or cccd(), **row)
               for row in (dict(r) for r in rows)]
    Worker.objects.bulk_create(workers)
    return list(Worker.objects.filter(identity_number__in=[w.identity_number for w in workers],
                                      enterprise=enterprise).order_by("pk"))


def ensure_default_rule():
    importlib.import_module("kcn.tracing.migrations.0002_default_rule").create(apps, None)
