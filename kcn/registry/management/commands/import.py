"""`kcn import enterprises FILE [--user USERNAME]`: the web import, run in the terminal.
`kcn import workers FILE --enterprise MST [--user USERNAME]`: an enterprise's full worker list.

The same importer checks the same rules with the same user's scope; the run is recorded as an
ImportJob like a web import (a worker list as a WorkerImport), so it shows up in the same place.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.importers import importer_for, job_finish, run_import
from kcn.core.models import ImportJob

from ...importers import KIND

KINDS = {"enterprises": KIND, "workers": "workers"}


class Command(BaseCommand):
    help = ("Import a .xlsx or .csv file (kind: enterprises, or workers with --enterprise TAX_CODE). "
            "Saves nothing if any row has an error.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("path")
        parser.add_argument("--user", help="Import as this user (default: the first administrator; for workers, "
                                           "the enterprise's own account).")
        parser.add_argument("--enterprise", help="workers: the tax code (MST) of the enterprise whose list it is.")

    def handle(self, *args, kind, path, user=None, enterprise=None, **options):
        if not os.path.isfile(path):
            raise CommandError(f"No such file: {path}")
        if kind == "workers":
            return self._workers(path, enterprise, user)
        acting = self._user(user)
        name = os.path.basename(path)
        importer = importer_for(KINDS[kind])(user=acting)
        job = ImportJob.objects.create(kind=KINDS[kind], file_name=name[:255], created_by=acting)
        step = {"next": 0}

        def progress(done, total):
            if done >= step["next"] or done == total:
                self.stdout.write(f"  {done}/{total} rows checked")
                step["next"] = done + max(1000, total // 10)

        with open(path, "rb") as file:
            result = run_import(importer=importer, file=file, file_name=name, job=job, progress=progress)
        job_finish(job=job, result=result)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"{result.created} {kind} imported ({result.message})"))
            return
        self.stderr.write(result.message)
        for error in job.errors:
            row = error["row"] if error["row"] is not None else "-"
            self.stderr.write(f"  row {row}\t{error['column']}\t{error['value']!r}\t{error['message']}")
        raise CommandError(f"Nothing imported: {result.message}")

    def _workers(self, path, tax_code, username):
        from kcn.registry.models import Enterprise
        from kcn.registry.validators import normalize_tax_code
        from kcn.workers.services import worker_import

        if not tax_code:
            raise CommandError("workers: pass --enterprise TAX_CODE")
        enterprise = Enterprise.objects.filter(tax_code=normalize_tax_code(tax_code)).first()
        if enterprise is None:
            raise CommandError(f"No enterprise with tax code {tax_code!r}")
        if username:
            acting = self._user(username)
        else:
            # Personal data: only the enterprise and its monitoring department may upload; by
            # default the enterprise's own account does.
            link = enterprise.user_links.select_related("user").filter(user__is_active=True).order_by("pk").first()
            if link is None:
                raise CommandError("The enterprise has no account: pass --user USERNAME (the enterprise or an "
                                   "officer of the department monitoring its zone)")
            acting = link.user
        from django.core.exceptions import PermissionDenied

        with open(path, "rb") as file:
            try:
                report = worker_import(user=acting, enterprise=enterprise, file=file, file_name=os.path.basename(path))
            except PermissionDenied as error:
                raise CommandError(f"{acting.username} may not upload the workers of {enterprise.tax_code}") from error
        if report.ok:
            self.stdout.write(self.style.SUCCESS(report.message))
            return
        self.stderr.write(report.message)
        for error in report.errors.stored():
            row = error["row"] if error["row"] is not None else "-"
            self.stderr.write(f"  row {row}\t{error['column']}\t{error['value']!r}\t{error['message']}")
        raise CommandError(f"Nothing imported: {report.message}")

    def _user(self, username):
        if username:
            found = User.objects.filter(username=username, is_active=True).first()
            if found is None:
                raise CommandError(f"No active user named {username!r}")
            return found
        admin = User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMIN), is_active=True).order_by("pk").first()
        if admin is None:
            raise CommandError("No administrator to import as: pass --user USERNAME")
        return admin
