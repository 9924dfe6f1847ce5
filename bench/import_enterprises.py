"""Benchmark: importing 50,000 enterprises from .xlsx (issue: import speed).

Targets: KCN's importer (parse + validate + save in one transaction, history rows included) at
least 30x faster than django-import-export with its defaults, and within 3x of the ceiling
"parse with python-calamine + COPY of the raw rows". Run against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench .venv/bin/python bench/import_enterprises.py \
        [--rows 50000] [--iesample 2000] [--repeat 3]

It creates the database if missing and migrates it, loads the demo board's zones (no
enterprises), and empties the enterprise tables before each measured run, so it leaves no
enterprises behind. Figures are rows per second, median of --repeat runs (import-export: one
run on a sample, it is too slow for the whole file).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
# Without DEBUG, Django keeps no log of queries: fair to import-export, which runs thousands.
os.environ.setdefault("KCN_DEBUG", "false")

from bench.setup_db import prepare_database, write_result  # noqa: E402

HEADERS = ["id", "tax_code", "name", "foreign_name", "zone", "sector", "investor_country", "workforce",
           "legal_representative", "phone", "email", "zalo", "address", "status"]
K_OVER_A_TARGET = 30
B_OVER_K_TARGET = 3


def write_xlsx(path, enterprises):
    """14 columns: an empty id (import-export's default key) and the 13 enterprise fields."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Doanh nghiệp")
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for row, e in enumerate(enterprises, start=1):
        values = [e.tax_code, e.name, e.foreign_name, e.zone.code, e.sector, str(e.investor_country),
                  e.workforce, e.legal_representative, e.phone, e.email, e.zalo, e.address, str(e.status)]
        for col, value in enumerate(values, start=1):
            if isinstance(value, int):
                sheet.write_number(row, col, value)
            elif value:
                sheet.write_string(row, col, value)
    workbook.close()


def empty_enterprise_tables():
    from django.db import connection

    from kcn.core.models import ImportJob
    from kcn.registry.models import Enterprise

    history = Enterprise.history.model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'TRUNCATE "{Enterprise._meta.db_table}", "{history}" CASCADE')
        else:
            cursor.execute(f'DELETE FROM "{history}"')
            Enterprise.objects.all().delete()
    ImportJob.objects.filter(kind="registry.enterprise").delete()


def measure_kcn(path, user):
    """K: the real importer end to end, as the task queue runs it, recorded on an ImportJob."""
    from kcn.core.importers import job_finish, run_import
    from kcn.core.models import ImportJob
    from kcn.registry.importers import KIND, EnterpriseImporter
    from kcn.registry.models import Enterprise

    empty_enterprise_tables()
    job = ImportJob.objects.create(kind=KIND, file_name=path.name, created_by=user)
    start = time.perf_counter()
    with open(path, "rb") as file:
        result = run_import(importer=EnterpriseImporter(user=user), file=file, file_name=path.name, job=job)
    job_finish(job=job, result=result)
    seconds = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"KCN import failed: {result.message} {result.errors.stored()[:5]}")
    created = Enterprise.objects.count()
    history = Enterprise.history.filter(history_type="+").count()
    assert created == history == result.created, (created, history, result.created)
    return seconds, created


def measure_import_export(path):
    """a: django-import-export with its defaults; zone looked up by code."""
    import tablib
    from import_export import fields, resources, widgets

    from kcn.registry.models import Enterprise, Zone

    class EnterpriseResource(resources.ModelResource):
        zone = fields.Field(attribute="zone", column_name="zone", widget=widgets.ForeignKeyWidget(Zone, "code"))

        class Meta:
            model = Enterprise

    empty_enterprise_tables()
    start = time.perf_counter()
    with open(path, "rb") as file:
        dataset = tablib.Dataset().load(file.read(), format="xlsx")
    result = EnterpriseResource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - start
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit(f"import-export failed: {result.invalid_rows[:3] or result.row_errors()[:3]}")
    return seconds, Enterprise.objects.count()


def measure_ceiling(path):
    """b: parse with python-calamine and COPY the raw rows, as text, into a plain scratch table."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_import_raw ({columns})")
        cursor.execute("TRUNCATE bench_import_raw")
    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy("COPY bench_import_raw FROM STDIN") as copy:
            for row in rows[1:]:
                copy.write_row(row)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_import_raw")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_import_raw")
    return seconds, count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--iesample", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one KCN run with pyinstrument")
    args = parser.parse_args()
    prepare_database()

    from django.db import connection

    from kcn.accounts.models import User
    from kcn.registry.demo import generate_enterprises, load_demo
    from kcn.registry.models import Zone

    if connection.vendor != "postgresql":
        print("warning: the targets are for PostgreSQL; this database is", connection.vendor)
    empty_enterprise_tables()
    load_demo(enterprise_count=0)
    admin = User.objects.get(username="admin")
    zones = list(Zone.objects.filter(code__startswith="HNA-"))
    enterprises = generate_enterprises(zones, args.rows, seed=2026, prefix="03")
    workdir = Path(tempfile.mkdtemp(prefix="kcn-bench-"))
    full, sample = workdir / "doanh-nghiep.xlsx", workdir / "doanh-nghiep-mau.xlsx"
    write_xlsx(full, enterprises)
    write_xlsx(sample, enterprises[: args.iesample])
    print(f"Enterprise import, {connection.vendor}, {args.rows:,} rows x {len(HEADERS)} columns "
          f"({full.stat().st_size / 1e6:.1f} MB .xlsx)")

    try:
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            measure_kcn(full, admin)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        k_runs = [measure_kcn(full, admin) for _ in range(args.repeat)]
        b_runs = [measure_ceiling(full) for _ in range(args.repeat)]
        a_seconds, a_rows = measure_import_export(sample)
    finally:
        empty_enterprise_tables()
        shutil.rmtree(workdir, ignore_errors=True)

    k_seconds = statistics.median(seconds for seconds, _ in k_runs)
    b_seconds = statistics.median(seconds for seconds, _ in b_runs)
    k_rate, b_rate, a_rate = args.rows / k_seconds, args.rows / b_seconds, a_rows / a_seconds
    k_over_a, b_over_k = k_rate / a_rate, b_rate / k_rate
    print(f"{'':<48}{'rows':>8}{'seconds':>10}{'rows/s':>10}")
    print(f"{'K  KCN importer (parse+validate+save+history)':<48}{args.rows:>8}{k_seconds:>10.2f}{k_rate:>10,.0f}")
    print(f"{'a  django-import-export, defaults (sample)':<48}{a_rows:>8}{a_seconds:>10.2f}{a_rate:>10,.0f}")
    print(f"{'b  ceiling: calamine + COPY raw rows':<48}{args.rows:>8}{b_seconds:>10.2f}{b_rate:>10,.0f}")
    print(f"K runs: {', '.join(f'{s:.2f}s' for s, _ in k_runs)}; b runs: {', '.join(f'{s:.2f}s' for s, _ in b_runs)}")
    k_pass, b_pass = k_over_a >= K_OVER_A_TARGET, b_over_k <= B_OVER_K_TARGET
    print(f"K/a = {k_over_a:.1f} (target >= {K_OVER_A_TARGET}): {'PASS' if k_pass else 'MISS'}")
    print(f"b/K = {b_over_k:.2f} (target <= {B_OVER_K_TARGET}, i.e. K/b = {1 / b_over_k:.2f} >= 1/3): "
          f"{'PASS' if b_pass else 'MISS'}")
    write_result("import_enterprises", {
        "database": connection.vendor, "rows": args.rows, "columns": len(HEADERS), "iesample": a_rows,
        "repeat": args.repeat,
        "kcn": {"seconds": k_seconds, "rows_per_s": k_rate, "runs_s": [s for s, _ in k_runs]},
        "import_export": {"seconds": a_seconds, "rows_per_s": a_rate},
        "ceiling": {"seconds": b_seconds, "rows_per_s": b_rate, "runs_s": [s for s, _ in b_runs]},
        "k_over_a": k_over_a, "b_over_k": b_over_k,
        "targets": {"k_over_a": K_OVER_A_TARGET, "b_over_k": B_OVER_K_TARGET},
        "pass": {"k_over_a": k_pass, "b_over_k": b_pass},
    })


if __name__ == "__main__":
    main()
