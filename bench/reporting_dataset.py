"""Benchmark data for reporting: a board, 10,000 enterprises and a year of daily epidemic reports.

``ensure_dataset(enterprises=10_000, days=365)`` builds (or reuses, when the recorded size
matches and the rows are still there) a board of its own, "Ban Quản lý các KCN tỉnh Bắc Ninh (đo
hiệu năng)", with five departments and twelve zones, ``enterprises`` enterprises spread over
them, one enterprise account with an API token for each, the built-in daily epidemic template
(migration 0002), a daily schedule targeting the twelve zones, ``days`` daily periods ending the
day before the build, and one submitted report with its first revision per enterprise and day
(3.65 million each at full size), plus the zone, department and board total rows consistent with
them. It is the data of ``consolidated_report.py``, ``deadline_burst.py`` and ``export_year.py``.

How it stays within a few minutes on two cores:

* submissions and revisions go by PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``), the rows
  formatted in Python while the server ingests the previous chunk; ids come from the sequences
  beforehand;
* inside the loading transaction the secondary indexes and unique constraints of the two tables
  are dropped and rebuilt after the load (one sort per index instead of 3.65 million inserts
  into each), and the deferred foreign-key checks are skipped (``session_replication_role =
  replica``): the ids written are the ones just created. DDL is transactional in PostgreSQL, so
  a failure anywhere rolls everything back, indexes included;
* the totals are computed by SQL ``GROUP BY`` over the loaded submissions, then checked against
  the product's own oracle (``totals_stored == totals_computed``) on two periods.

The bulk-loaded reports have no audit-history rows (the product writes one per submission);
nothing the benchmarks measure reads them.

``bench/import_enterprises.py`` empties the enterprise tables with ``TRUNCATE ... CASCADE``,
which takes this dataset with it; the next ``ensure_dataset`` notices and rebuilds it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting .venv/bin/python bench/reporting_dataset.py \
        [--enterprises 10000] [--days 365] [--rebuild]
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_reporting")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")

BOARD_NAME = "Ban Quản lý các KCN tỉnh Bắc Ninh (đo hiệu năng)"
SCHEDULE_NAME = "Báo cáo tình hình dịch hằng ngày (đo hiệu năng)"
TEMPLATE_CODE = "covid_daily"
USER_PREFIX = "bench-dn-"
TAX_PREFIX = "09"
MARKER = "bench_reporting_dataset"
CHUNK = 50_000

# code, name, kind, consolidates
DEPARTMENTS = [
    ("VP", "Văn phòng", "office", False),
    ("QLDN", "Phòng Quản lý doanh nghiệp", "enterprise", True),
    ("QLĐT", "Phòng Quản lý Đầu tư", "investment", False),
    ("QLMT", "Phòng Quản lý môi trường", "environment", False),
    ("QHXD", "Phòng Quản lý Quy hoạch xây dựng", "planning", False),
]
# code, name, monitoring department
ZONES = [
    ("BNB-QV1", "KCN Quế Võ", "QLDN"), ("BNB-QV2", "KCN Quế Võ II", "QLDN"), ("BNB-TS", "KCN Tiên Sơn", "QLDN"),
    ("BNB-YP", "KCN Yên Phong", "QLĐT"), ("BNB-VSIP", "KCN VSIP Bắc Ninh", "QLĐT"),
    ("BNB-ĐĐ", "KCN Đại Đồng – Hoàn Sơn", "QLĐT"), ("BNB-TT2", "KCN Thuận Thành II", "QLMT"),
    ("BNB-NS", "KCN Nam Sơn – Hạp Lĩnh", "QLMT"), ("BNB-QC", "KCN Quang Châu", "QLMT"),
    ("BNB-VT", "KCN Vân Trung", "QHXD"), ("BNB-SK", "KCN Song Khê – Nội Hoàng", "QHXD"),
    ("BNB-ĐT", "KCN Đình Trám", "VP"),
]


def _log(verbose, message):
    if verbose:
        print(message, flush=True)


# --- The marker: what was built, to reuse it ----------------------------------------------------


def _marker_read(cursor):
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (id int PRIMARY KEY, info jsonb NOT NULL)")
    cursor.execute(f"SELECT info FROM {MARKER} WHERE id = 1")
    row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def _marker_write(cursor, info):
    cursor.execute(f"INSERT INTO {MARKER} (id, info) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET info = "
                   "EXCLUDED.info", [json.dumps(info)])


def _still_there(info, enterprises, days):
    """The recorded dataset has this size and its rows are still in the database."""
    from kcn.registry.models import Board, Enterprise
    from kcn.reporting.models import SUBMISSIONS_ROW, BoardTotal, Period, Submission

    if info is None or info.get("enterprises") != enterprises or info.get("days") != days:
        return False
    if not Board.objects.filter(pk=info["board_id"], name=BOARD_NAME).exists():
        return False
    if Enterprise.objects.filter(zone__board_id=info["board_id"]).count() != enterprises:
        return False
    period_ids = info["period_ids"]
    if Period.objects.filter(pk__in=period_ids, schedule_id=info["schedule_id"]).count() != days:
        return False
    for period_id in (period_ids[0], period_ids[-1]):
        if Submission.objects.filter(period_id=period_id).count() != enterprises:
            return False
    counted = BoardTotal.objects.filter(period_id__in=period_ids, field_code=SUBMISSIONS_ROW) \
        .values_list("submissions", flat=True)
    return sum(counted) == enterprises * days


# --- Tearing down an earlier dataset ------------------------------------------------------------


def _drop_board(cursor, verbose):
    """Delete the benchmark board and everything hanging from it (fast SQL, no signals)."""
    from kcn.registry.models import Board

    board = Board.objects.filter(name=BOARD_NAME).first()
    if board is None:
        return
    start = time.perf_counter()
    cursor.execute("SET LOCAL session_replication_role = replica")
    periods = "SELECT p.id FROM reporting_period p JOIN reporting_schedule s ON s.id = p.schedule_id " \
              "WHERE s.board_id = %(board)s"
    submissions = f"SELECT id FROM reporting_submission WHERE period_id IN ({periods})"
    enterprises = "SELECT e.id FROM registry_enterprise e JOIN registry_zone z ON z.id = e.zone_id " \
                  "WHERE z.board_id = %(board)s"
    users = f"SELECT user_id FROM registry_enterpriseuser WHERE enterprise_id IN ({enterprises})"
    # Tables of reporting modules that may or may not be installed yet.
    cursor.execute("SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NOT NULL",
                   [["reporting_reminderlog"]])
    optional = [row[0] for row in cursor.fetchall()]
    statements = [
        f"DELETE FROM reporting_revision WHERE submission_id IN ({submissions})",
        f"DELETE FROM reporting_historicalsubmission WHERE period_id IN ({periods})",
        f"DELETE FROM reporting_submission WHERE period_id IN ({periods})",
        f"DELETE FROM reporting_zonetotal WHERE period_id IN ({periods})",
        f"DELETE FROM reporting_departmenttotal WHERE period_id IN ({periods})",
        f"DELETE FROM reporting_boardtotal WHERE period_id IN ({periods})",
        f"DELETE FROM reporting_approval WHERE period_id IN ({periods})",
        *[f"DELETE FROM {table} WHERE period_id IN ({periods})" for table in optional],
        f"DELETE FROM reporting_period WHERE id IN ({periods})",
        "DELETE FROM reporting_schedule_zones WHERE schedule_id IN "
        "(SELECT id FROM reporting_schedule WHERE board_id = %(board)s)",
        "DELETE FROM reporting_schedule_enterprises WHERE schedule_id IN "
        "(SELECT id FROM reporting_schedule WHERE board_id = %(board)s)",
        "DELETE FROM reporting_schedule WHERE board_id = %(board)s",
        f"DELETE FROM authtoken_token WHERE user_id IN ({users})",
        f"CREATE TEMP TABLE bench_old_users ON COMMIT DROP AS {users}",
        f"DELETE FROM registry_enterpriseuser WHERE enterprise_id IN ({enterprises})",
        "DELETE FROM accounts_user WHERE id IN (SELECT user_id FROM bench_old_users)",
        f"DELETE FROM registry_enterprise WHERE id IN ({enterprises})",
        "DELETE FROM registry_zoneassignment WHERE zone_id IN "
        "(SELECT id FROM registry_zone WHERE board_id = %(board)s)",
        "DELETE FROM registry_zone WHERE board_id = %(board)s",
        "DELETE FROM registry_department WHERE board_id = %(board)s",
        "DELETE FROM registry_board WHERE id = %(board)s",
        # Accounts left behind when the enterprises went first (import_enterprises.py truncates
        # the enterprise tables, so the statements above no longer find the board's accounts).
        "DELETE FROM authtoken_token WHERE user_id IN (SELECT id FROM accounts_user WHERE username LIKE 'bench-dn-%%')",
        "DELETE FROM accounts_user WHERE username LIKE 'bench-dn-%%'",
    ]
    for statement in statements:
        cursor.execute(statement, {"board": board.pk})
    cursor.execute("SET LOCAL session_replication_role = origin")
    _log(verbose, f"  earlier benchmark board deleted in {time.perf_counter() - start:.1f} s")


# --- Board, zones, enterprises, accounts --------------------------------------------------------


def _token_key(tax_code):
    return hashlib.sha1(f"kcn-bench-{tax_code}".encode()).hexdigest()


def _build_registry(count, seed):
    from django.contrib.auth.hashers import make_password
    from rest_framework.authtoken.models import Token

    from kcn.accounts.choices import Role
    from kcn.accounts.models import User
    from kcn.registry.demo import generate_enterprises
    from kcn.registry.models import Board, Department, Enterprise, EnterpriseUser, Province, Zone, ZoneAssignment

    province = Province.objects.get(code=24)  # Bắc Ninh (with Bắc Giang since 01/07/2025)
    board = Board.objects.create(name=BOARD_NAME, short_name="BQLKCN Bắc Ninh (đo hiệu năng)", province=province)
    departments = {code: Department.objects.create(board=board, name=name, kind=kind, consolidates=consolidates)
                   for code, name, kind, consolidates in DEPARTMENTS}
    zones = []
    for code, name, department in ZONES:
        zone = Zone.objects.create(board=board, code=code, name=name, province=province)
        ZoneAssignment.objects.create(zone=zone, department=departments[department],
                                      start_date=datetime.date(2020, 1, 1), note="Dữ liệu đo hiệu năng")
        zones.append(zone)
    enterprises = Enterprise.objects.bulk_create(generate_enterprises(zones, count, seed=seed, prefix=TAX_PREFIX),
                                                 batch_size=2000)
    password = make_password(None)  # no login with a password: the accounts use their API tokens
    users = User.objects.bulk_create([
        User(username=f"{USER_PREFIX}{e.tax_code}", full_name=f"Người báo cáo {e.name}"[:150], role=Role.ENTERPRISE,
             organisation=e.name[:255], email=f"baocao-{e.tax_code}@dn.bench.local", password=password)
        for e in enterprises
    ], batch_size=2000)
    EnterpriseUser.objects.bulk_create([EnterpriseUser(user=u, enterprise=e) for u, e in zip(users, enterprises,
                                                                                            strict=True)],
                                       batch_size=2000)
    Token.objects.bulk_create([Token(key=_token_key(e.tax_code), user=u) for u, e in zip(users, enterprises,
                                                                                      strict=True)],
                              batch_size=2000)
    return board, departments, zones, enterprises, users


# --- Reports ------------------------------------------------------------------------------------


def _wave(day_index, days):
    """Epidemic intensity over the year: two waves, between 0.05 and 1."""
    x = day_index / max(days, 1)
    return 0.05 + 0.95 * max(0.0, math.sin(math.pi * 2.2 * x)) ** 3


class _Values:
    """Plausible daily figures of one enterprise, satisfying the template's rules
    (returnees ≤ workforce, workers_at_work + workers_not_returned ≤ workforce)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def json(self, workforce, wave):
        rnd = self.rng.random
        absent = int(workforce * (0.02 + 0.08 * wave) * rnd())
        not_returned = int(absent * rnd())
        returnees = int(workforce * 0.01 * wave * rnd())
        f0 = int(workforce * 0.004 * wave * rnd() * rnd())
        f1 = f0 * 3 + int(rnd() * 2 * wave)
        f2 = f1 * 2 + int(rnd() * 3 * wave)
        f3 = int(f2 * rnd())
        return (f'{{"f0": {f0}, "f1": {f1}, "f2": {f2}, "f3": {f3}, "returnees": {returnees}, '
                f'"workforce": {workforce}, "workers_at_work": {workforce - absent}, '
                f'"workers_not_returned": {not_returned}}}')


def _copy_text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _reserve_ids(cursor, table, count):
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _secondary_indexes(cursor, table):
    """(drop, create) statements of a table's unique constraints and plain indexes, not the pkey."""
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                   "AND contype = 'u'", [table])
    constraints = cursor.fetchall()
    owned = {name for name, _definition in constraints}
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE "
                   "'%%_pkey'", [table])
    indexes = [(name, definition) for name, definition in cursor.fetchall() if name not in owned]
    drops = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, _d in constraints]
    drops += [f'DROP INDEX "{name}"' for name, _d in indexes]
    creates = [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for name, definition in constraints]
    creates += [definition for _name, definition in indexes]
    return drops, creates


def _load_reports(cursor, *, periods, enterprises, users, version_id, seed, verbose):
    """COPY one submitted report and its first revision per (period, enterprise)."""
    from django.utils import timezone

    from kcn.reporting.models import Revision, Submission

    total = len(periods) * len(enterprises)
    sub_first = _reserve_ids(cursor, Submission._meta.db_table, total)
    rev_first = _reserve_ids(cursor, Revision._meta.db_table, total)
    sub_columns = ", ".join(f'"{f.column}"' for f in Submission._meta.concrete_fields)
    rev_columns = ", ".join(f'"{f.column}"' for f in Revision._meta.concrete_fields)
    assert sub_columns.startswith('"id", "created_at", "updated_at", "period_id", "enterprise_id", "version_id", '
                                  '"status", "values", "submitted_at", "submitted_by_id", "idempotency_key", '
                                  '"revision"'), sub_columns
    assert rev_columns == ('"id", "created_at", "updated_at", "submission_id", "number", "values", "reason", '
                           '"created_by_id"'), rev_columns
    values = _Values(seed)
    rng = random.Random(seed + 1)
    people = [(e.pk, e.workforce, u.pk) for e, u in zip(enterprises, users, strict=True)]
    tz = timezone.get_current_timezone()
    revision_lines = []
    number = 0
    with cursor.cursor.copy(f"COPY {Submission._meta.db_table} ({sub_columns}) FROM STDIN") as copy:
        for day_index, period in enumerate(periods):
            wave = _wave(day_index, len(periods))
            base = datetime.datetime.combine(period.start, datetime.time(7, 30), tzinfo=tz)
            # A few stamps per day, reused: formatting 3.65 million datetimes would dominate.
            stamps = [(base + datetime.timedelta(minutes=m)).isoformat() for m in range(0, 600, 7)]
            lines = []
            for enterprise_id, workforce, user_id in people:
                text = values.json(workforce, wave)
                stamp = stamps[int(rng.random() * len(stamps))]
                sub_id = sub_first + number
                lines.append(f"{sub_id}\t{stamp}\t{stamp}\t{period.pk}\t{enterprise_id}\t{version_id}\tsubmitted\t"
                             f"{text}\t{stamp}\t{user_id}\t\\N\t1")
                revision_lines.append(f"{rev_first + number}\t{stamp}\t{stamp}\t{sub_id}\t1\t{text}\t\t{user_id}")
                number += 1
            copy.write(("\n".join(lines) + "\n").encode())
            if verbose and (day_index + 1) % 30 == 0:
                print(f"  {number:,} reports formatted and sent", flush=True)
    with cursor.cursor.copy(f"COPY {Revision._meta.db_table} ({rev_columns}) FROM STDIN") as copy:
        for offset in range(0, len(revision_lines), CHUNK):
            copy.write(("\n".join(revision_lines[offset:offset + CHUNK]) + "\n").encode())
    return total


def _fill_totals(cursor, *, period_ids, version_id, zone_departments, board_id):
    """Zone, department and board total rows of the periods, by SQL GROUP BY over the submissions."""
    from kcn.reporting.consolidation import counted_fields
    from kcn.reporting.models import SUBMISSIONS_ROW

    codes = sorted(counted_fields([version_id])[version_id])
    sums = ", ".join(f"coalesce(sum((s.values ->> '{code}')::numeric), 0) AS \"{code}\"" for code in codes)
    cursor.execute(f"""
        CREATE TEMP TABLE bench_zone_sums ON COMMIT DROP AS
        SELECT s.period_id, e.zone_id, count(*) AS n, {sums}
        FROM reporting_submission s JOIN registry_enterprise e ON e.id = s.enterprise_id
        WHERE s.period_id = ANY(%s) AND s.status = 'submitted'
        GROUP BY s.period_id, e.zone_id""", [list(period_ids)])
    pairs = ", ".join(["(%s::text, {})".format(f'z."{code}"') for code in codes] + ["(%s::text, 0)"])
    departments = ", ".join(f"({zone}, {department})" for zone, department in zone_departments.items())
    cursor.execute(f"""
        INSERT INTO reporting_zonetotal (period_id, zone_id, department_id, field_code, value, submissions)
        SELECT z.period_id, z.zone_id, d.department_id, f.code, f.value, z.n
        FROM bench_zone_sums z
        LEFT JOIN (VALUES {departments}) AS d (zone_id, department_id) ON d.zone_id = z.zone_id
        CROSS JOIN LATERAL (VALUES {pairs}) AS f (code, value)""", [*codes, SUBMISSIONS_ROW])
    cursor.execute("""
        INSERT INTO reporting_departmenttotal (period_id, department_id, field_code, value, submissions)
        SELECT period_id, department_id, field_code, sum(value), sum(submissions)
        FROM reporting_zonetotal WHERE period_id = ANY(%s) AND department_id IS NOT NULL
        GROUP BY period_id, department_id, field_code""", [list(period_ids)])
    cursor.execute("""
        INSERT INTO reporting_boardtotal (period_id, board_id, field_code, value, submissions)
        SELECT period_id, %s, field_code, sum(value), sum(submissions)
        FROM reporting_zonetotal WHERE period_id = ANY(%s)
        GROUP BY period_id, field_code""", [board_id, list(period_ids)])


# --- The entry point ----------------------------------------------------------------------------


def ensure_dataset(enterprises=10_000, days=365, *, seed=2026, rebuild=False, verbose=True) -> dict:
    """The benchmark board with ``enterprises`` enterprises and ``days`` days of daily reports,
    built if missing or of another size. Returns {"board_id", "schedule_id", "template_version_id",
    "zone_ids", "department_ids", "period_ids" (oldest first), "first_day", "last_day",
    "enterprises", "days", "submissions", "built_seconds", "reused"}.

    Needs ``prepare_database()`` (Django set up, database migrated) first, and PostgreSQL.
    """
    from django.db import connection, transaction

    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.consolidation import totals_computed, totals_stored
    from kcn.reporting.models import Period, ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure

    if connection.vendor != "postgresql":
        raise SystemExit("The reporting benchmark dataset needs PostgreSQL (COPY); DATABASE_URL is "
                         f"{connection.vendor}.")
    with connection.cursor() as cursor:
        info = _marker_read(cursor)
    if not rebuild and _still_there(info, enterprises, days):
        _log(verbose, f"Reporting dataset reused: {enterprises:,} enterprises x {days} days "
                      f"({info['first_day']} to {info['last_day']}), built in {info['built_seconds']:.0f} s")
        return {**info, "reused": True}

    _log(verbose, f"Building the reporting dataset: {enterprises:,} enterprises x {days} days "
                  f"= {enterprises * days:,} submitted reports")
    started = time.perf_counter()
    version = ReportTemplate.objects.get(code=TEMPLATE_CODE).current_version()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER}")
        _drop_board(cursor, verbose)
        board, departments, zones, enterprise_rows, users = _build_registry(enterprises, seed)
        _log(verbose, f"  board, {len(zones)} zones, {len(enterprise_rows):,} enterprises with accounts and "
                      f"tokens: {time.perf_counter() - started:.1f} s")
        schedule = Schedule.objects.create(template=version.template, board=board, name=SCHEDULE_NAME,
                                           target=TargetKind.ZONES, frequency=Frequency.DAILY,
                                           due_time=datetime.time(16, 0))
        schedule.zones.set(zones)
        from django.utils import timezone

        last_day = timezone.localdate() - datetime.timedelta(days=1)
        first_day = last_day - datetime.timedelta(days=days - 1)
        periods = period_ensure(schedule=schedule, around=first_day, after=days - 1)
        assert len(periods) == days and periods[-1].start == last_day, (len(periods), periods[-1].start)

        step = time.perf_counter()
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        index_sql = [_secondary_indexes(cursor, table) for table in ("reporting_submission", "reporting_revision")]
        for drops, _creates in index_sql:
            for statement in drops:
                cursor.execute(statement)
        count = _load_reports(cursor, periods=periods, enterprises=enterprise_rows, users=users,
                              version_id=version.pk, seed=seed, verbose=verbose)
        _log(verbose, f"  {count:,} submissions + {count:,} revisions copied: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        for _drops, creates in index_sql:
            for statement in creates:
                cursor.execute(statement)
        cursor.execute("SET LOCAL session_replication_role = origin")
        _log(verbose, f"  indexes and unique constraints rebuilt: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        zone_departments = {zone.pk: departments[code].pk for zone, (_c, _n, code) in zip(zones, ZONES, strict=True)}
        _fill_totals(cursor, period_ids=[p.pk for p in periods], version_id=version.pk,
                     zone_departments=zone_departments, board_id=board.pk)
        _log(verbose, f"  zone, department and board totals by GROUP BY: {time.perf_counter() - step:.1f} s")
        for period in (periods[0], periods[-1]):
            stored, computed = totals_stored(period), totals_computed(period)
            if stored != computed:
                raise SystemExit(f"totals of {period.label} do not match the submissions")
        info = {
            "board_id": board.pk, "schedule_id": schedule.pk, "template_version_id": version.pk,
            "zone_ids": [z.pk for z in zones], "department_ids": [d.pk for d in departments.values()],
            "period_ids": [p.pk for p in periods], "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(), "enterprises": enterprises, "days": days, "submissions": count,
            "seed": seed,
        }
        info["built_seconds"] = time.perf_counter() - started
        _marker_write(cursor, info)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum would gather them after a bulk load.
        for table in ("reporting_submission", "reporting_revision", "reporting_zonetotal",
                      "reporting_departmenttotal", "reporting_boardtotal", "reporting_period", "registry_enterprise",
                      "accounts_user", "authtoken_token", "registry_enterpriseuser"):
            cursor.execute(f"ANALYZE {table}")
    _log(verbose, f"  ANALYZE: {time.perf_counter() - step:.1f} s")
    info["built_seconds"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        _marker_write(cursor, info)
    _log(verbose, f"Reporting dataset built in {info['built_seconds']:.1f} s (totals checked on the first and "
                  f"last day: PASS)")
    assert Period.objects.filter(schedule=schedule).count() == days
    return {**info, "reused": False}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rebuild", action="store_true", help="build again even if the same size is there")
    args = parser.parse_args()
    from bench.setup_db import prepare_database

    prepare_database()
    info = ensure_dataset(args.enterprises, args.days, rebuild=args.rebuild)
    print(json.dumps({k: v for k, v in info.items() if k not in ("period_ids",)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
