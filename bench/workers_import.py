"""Benchmark: uploading 300,000 workers of one enterprise from .xlsx (issue 4: worker registry).

Targets, measured in the same run on the same file:

* K, KCN's upload (read, every check, address conversion, diff with the enterprise's current
  list, save in one transaction, recorded as a WorkerImport) at least 50x the rows/s of
  a, django-import-export with its defaults (a ModelResource for Worker) on a sample;
* K within 3x of b, the ceiling: python-calamine parse + COPY of the raw rows into an unlogged
  PostgreSQL table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_workers .venv/bin/python bench/workers_import.py
    DATABASE_URL=sqlite:///var/bench_workers.sqlite3 .venv/bin/python bench/workers_import.py

(--rows 300000 --iesample 2000 --repeat 3 --addresses 3000 [--shared-strings]). The ceiling always runs on PostgreSQL
(BENCH_CEILING_URL, default the kcn_bench_workers database) since it is defined by COPY. The
address converter builds its index once per process (about 10 s): a worker process pays it at
its first upload, the bench before timing (printed as "converter warm-up"). Each K run starts
from an empty worker table of the enterprise; "K re-upload" then uploads the same file again
with 1% changed and 1% removed, the daily case.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_workers")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
os.environ.setdefault("KCN_DEBUG", "false")

from bench.setup_db import prepare_database, write_result  # noqa: E402

K_OVER_A_TARGET = 50
B_OVER_K_TARGET = 3
CEILING_URL = os.environ.get("BENCH_CEILING_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_workers")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh", "Quang", "Thị Thu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh",
         "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
NEIGHBOURS = ("Hà Nam", "Nam Định", "Ninh Bình", "Thái Bình", "Hưng Yên", "Thanh Hóa", "Hà Nội")


def old_addresses(count, rng):
    """Residence texts in the old (district) form, from the converter's own old units nearby."""
    from vietnam_address_converter.data import DEFAULT_DATA

    units = [row["old"] for row in DEFAULT_DATA["mapping"]["rows"]
             if any(name in (row["old"].get("province_name") or "") for name in NEIGHBOURS)]
    units = [f"{u['ward_name']}, {u['district_name']}, {u['province_name']}" for u in units if u.get("ward_name")]
    rng.shuffle(units)
    units = units[: max(1, count // 5)]
    return [f"{rng.choice(['Thôn', 'Xóm', 'Tổ', 'Số'])} {rng.randint(1, 40)}, {rng.choice(units)}"
            for _ in range(count)]


def generate(rows, distinct_addresses, seed=2026):
    from kcn.workers.constants import CCCD_PROVINCE_CODES

    rng = random.Random(seed)
    provinces = sorted(CCCD_PROVINCE_CODES)
    places = old_addresses(distinct_addresses, rng)
    people, used = [], set()
    while len(people) < rows:
        year = rng.randint(1966, 2006)
        female = rng.random() < 0.6
        century = (0 if year < 2000 else 2) + female
        number = f"{rng.choice(provinces)}{century}{year % 100:02d}{rng.randint(0, 999_999):06d}"
        if number in used:
            continue
        used.add(number)
        workshop = rng.randint(1, 12)
        people.append([
            number, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}", "Nữ" if female else "Nam",
            f"09{rng.randint(0, 99_999_999):08d}", rng.choice(places), f"Xưởng {workshop}",
            f"Chuyền {workshop}.{rng.randint(1, 20)}", f"Tổ {rng.randint(1, 8)}", f"Ca {rng.randint(1, 3)}",
            rng.choice(["", "KTX A", "KTX B", "KTX C"]), f"P{rng.randint(100, 540)}",
            f"Tuyến {rng.randint(1, 60)}", str(rng.randint(0, 3)),
        ])
    return people


def write_xlsx(path, people, tax_code, shared_strings=False):
    """The enterprise's list as an .xlsx file: its text cells inline (XlsxWriter's constant_memory
    mode), or, with ``shared_strings``, in one table of distinct texts that the cells point to, as
    Excel and LibreOffice save a workbook."""
    import xlsxwriter

    from kcn.workers.importers import COLUMNS

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Người lao động")
    sheet.write_string(0, 0, "Mã số thuế")
    sheet.write_string(0, 1, tax_code)
    for col, column in enumerate(COLUMNS):
        sheet.write_string(1, col, str(column.header))
    for row, person in enumerate(people, start=2):
        for col, value in enumerate(person):
            if value:
                sheet.write_string(row, col, value)
    workbook.close()


def write_ie_xlsx(path, people):
    """The same rows under the model's field names, for import-export (id empty: its default key)."""
    import xlsxwriter

    headers = ["id", "enterprise", "identity_number", "full_name", "date_of_birth", "sex", "phone",
               "residence_address", "workshop", "production_line", "team", "shift", "dormitory", "room",
               "bus_route", "vaccine_doses"]
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header)
    return workbook, sheet, headers


def _truncate():
    from django.db import connection

    from kcn.workers.models import Worker

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Other apps' rows that name workers (health declarations, cases) go too: the bench owns this database.
            cursor.execute(f'TRUNCATE "{Worker._meta.db_table}" CASCADE')
        else:
            cursor.execute(f'DELETE FROM "{Worker._meta.db_table}"')


def measure_kcn(path, user, enterprise):
    from kcn.workers.services import worker_import

    start = time.perf_counter()
    with open(path, "rb") as file:
        report = worker_import(user=user, enterprise=enterprise, file=file, file_name=path.name)
    seconds = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"KCN import failed: {report.message} {report.errors.stored()[:5]}")
    return seconds, report


def measure_import_export(path, people, enterprise):
    """a: django-import-export with its defaults: a ModelResource for Worker, enterprise by id."""
    import tablib
    from import_export import resources

    from kcn.workers.models import Worker

    class WorkerResource(resources.ModelResource):
        class Meta:
            model = Worker

    workbook, sheet, headers = write_ie_xlsx(path, people)
    for row, person in enumerate(people, start=1):
        day, month, year = person[2].split("/")
        values = ["", str(enterprise.pk), person[0], person[1], f"{year}-{month}-{day}",
                  "female" if person[3] == "Nữ" else "male", *person[4:]]
        for col, value in enumerate(values):
            if value:
                sheet.write_string(row, col, value)
    workbook.close()
    _truncate()
    start = time.perf_counter()
    with open(path, "rb") as file:
        dataset = tablib.Dataset().load(file.read(), format="xlsx")
    result = WorkerResource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - start
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit(f"import-export failed: {result.invalid_rows[:3] or result.row_errors()[:3]}")
    return seconds, Worker.objects.count()


def measure_ceiling(path, columns):
    """b: python-calamine parse + COPY of the raw rows, as text, into an unlogged PostgreSQL table."""
    import dj_database_url
    import psycopg
    from python_calamine import CalamineWorkbook

    config = dj_database_url.parse(CEILING_URL)
    with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                         user=config["USER"] or "postgres", dbname=config["NAME"]) as conn:
        conn.execute(f"CREATE UNLOGGED TABLE IF NOT EXISTS bench_workers_raw "
                     f"({', '.join(f'c{i} text' for i in range(columns))})")
        conn.execute("TRUNCATE bench_workers_raw")
        conn.commit()
        start = time.perf_counter()
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        with conn.cursor() as cursor, cursor.copy("COPY bench_workers_raw FROM STDIN") as copy:
            for row in rows[2:]:
                copy.write_row(row)
        conn.commit()
        seconds = time.perf_counter() - start
        count = conn.execute("SELECT count(*) FROM bench_workers_raw").fetchone()[0]
        conn.execute("DROP TABLE bench_workers_raw")
        conn.commit()
    return seconds, count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--iesample", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--addresses", type=int, default=3000, help="distinct residence texts in the file")
    parser.add_argument("--shared-strings", action="store_true",
                        help="write the files' texts in a shared-strings table, as Excel saves them")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        Path(os.environ["DATABASE_URL"].split("sqlite:///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    prepare_database()

    from django.conf import settings
    from django.db import connection

    from kcn.accounts.models import User
    from kcn.registry.demo import load_demo
    from kcn.registry.models import Enterprise
    from kcn.workers import addresses

    settings.KCN_WORKERS_MAX_ROWS = max(500_000, args.rows)
    load_demo(enterprise_count=60)
    admin = User.objects.get(username="doanhnghiep")  # the enterprise uploads its own list
    enterprise = Enterprise.objects.filter(user_links__user__username="doanhnghiep").first()
    _truncate()
    people = generate(args.rows, args.addresses)
    workdir = Path(tempfile.mkdtemp(prefix="kcn-bench-workers-"))
    full, changed, sample = workdir / "nguoi-lao-dong.xlsx", workdir / "thay-doi.xlsx", workdir / "ie.xlsx"
    write_xlsx(full, people, enterprise.tax_code, args.shared_strings)
    rng = random.Random(7)
    again = [list(p) for p in people]
    for person in rng.sample(again, len(again) // 100):
        person[8] = "Tổ 99"
    again = again[: len(again) - len(again) // 100]
    write_xlsx(changed, again, enterprise.tax_code, args.shared_strings)
    print(f"Worker upload, {connection.vendor}, {args.rows:,} rows x 14 columns "
          f"({full.stat().st_size / 1e6:.1f} MB .xlsx, texts {'shared' if args.shared_strings else 'inline'}), "
          f"{args.addresses:,} distinct addresses")

    try:
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            measure_kcn(full, admin, enterprise)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        k_runs = []
        for _ in range(args.repeat):
            _truncate()
            # Each run converts its addresses afresh.
            addresses._full.clear()
            addresses._tails.clear()
            k_runs.append(measure_kcn(full, admin, enterprise))
        r_seconds, r_report = measure_kcn(changed, admin, enterprise)
        b_runs = [measure_ceiling(full, 14) for _ in range(args.repeat)]
        a_seconds, a_rows = measure_import_export(sample, people[: args.iesample], enterprise)
    finally:
        _truncate()
        shutil.rmtree(workdir, ignore_errors=True)

    k_seconds = statistics.median(seconds for seconds, _ in k_runs)
    b_seconds = statistics.median(seconds for seconds, _ in b_runs)
    k_rate, b_rate, a_rate = args.rows / k_seconds, args.rows / b_seconds, a_rows / a_seconds
    r_rate = len(again) / r_seconds
    k_over_a, b_over_k = k_rate / a_rate, b_rate / k_rate
    timings = k_runs[len(k_runs) // 2][1].timings
    print(f"{'':<52}{'rows':>9}{'seconds':>10}{'rows/s':>10}")
    print(f"{'K  KCN upload (read+check+convert+diff+save)':<52}{args.rows:>9}{k_seconds:>10.2f}{k_rate:>10,.0f}")
    print(f"{'K  re-upload, 1% changed, 1% removed':<52}{len(again):>9}{r_seconds:>10.2f}{r_rate:>10,.0f}"
          f"   (+{r_report.added} ~{r_report.changed} -{r_report.removed} ={r_report.unchanged})")
    print(f"{'a  django-import-export, defaults (sample)':<52}{a_rows:>9}{a_seconds:>10.2f}{a_rate:>10,.0f}")
    print(f"{'b  ceiling: calamine + COPY raw rows (PostgreSQL)':<52}{args.rows:>9}{b_seconds:>10.2f}{b_rate:>10,.0f}")
    print("K phases: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.items()))
    print("re-upload phases: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in r_report.timings.items()))
    print(f"K runs: {', '.join(f'{s:.2f}s' for s, _ in k_runs)}; b runs: {', '.join(f'{s:.2f}s' for s, _ in b_runs)}")
    k_pass, b_pass = k_over_a >= K_OVER_A_TARGET, b_over_k <= B_OVER_K_TARGET
    print(f"K/a = {k_over_a:.1f} (target >= {K_OVER_A_TARGET}): {'PASS' if k_pass else 'MISS'}")
    print(f"b/K = {b_over_k:.2f} (target <= {B_OVER_K_TARGET}): {'PASS' if b_pass else 'MISS'}")
    write_result(f"workers_import_{connection.vendor}", {
        "database": connection.vendor, "rows": args.rows, "iesample": a_rows, "repeat": args.repeat,
        "distinct_addresses": args.addresses, "shared_strings": args.shared_strings,
        "kcn": {"seconds": k_seconds, "rows_per_s": k_rate, "runs_s": [s for s, _ in k_runs], "phases": timings},
        "kcn_reupload": {"seconds": r_seconds, "rows_per_s": r_rate},
        "import_export": {"seconds": a_seconds, "rows_per_s": a_rate},
        "ceiling": {"seconds": b_seconds, "rows_per_s": b_rate, "runs_s": [s for s, _ in b_runs]},
        "k_over_a": k_over_a, "b_over_k": b_over_k,
        "pass": {"k_over_a": k_pass, "b_over_k": b_pass},
    })


if __name__ == "__main__":
    main()
