"""Benchmark: the board's consolidated report for one day, 10,000 enterprises x 365 days of reports.

Targets (issue 3): building the board's consolidated report for one day, by department and zone,
in under 50 ms median, and at least 50x faster than summing the raw submissions with the ORM in
the same run. Runs against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting .venv/bin/python bench/consolidated_report.py \
        [--enterprises 10000] [--days 365] [--repeat 30] [--day YYYY-MM-DD]

The data comes from ``reporting_dataset.ensure_dataset`` (built once, reused afterwards). Measured,
median of --repeat runs each, on the same day's period. All three start from the period as the
period page and the .xlsx/PDF export hold it after their scope check (loaded once with its
schedule, template and board: the same input for every approach; how long that load takes is
printed apart):

* **K**: what the page and the export then do: ``exports.build_report(period, None)``, one
  statement (``consolidation.board_totals``) reading the template's summed fields and the
  pre-aggregated zone total rows, the departments and the board being the sums of their zones;
* **R1**: the obvious ORM code: iterate the period's submitted reports (``values_list`` of zone
  and the JSON values) and sum each field in Python by zone, then by department and board;
* **R2**: the ORM pushing the sums to the database: ``values("enterprise__zone_id")`` with
  ``Sum(Cast(KeyTextTransform(code, "values")))`` per field, then departments and board in Python.

The ratio is taken against the faster of R1 and R2. All three answers are checked equal first.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_reporting")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
os.environ.setdefault("KCN_DEBUG", "false")

from bench.setup_db import prepare_database, write_result  # noqa: E402

MEDIAN_MS_TARGET = 50
RATIO_TARGET = 50


def load_period(period_id):
    """The period as the period page and the export load it (with their scope filter)."""
    from kcn.reporting.models import Period

    return Period.objects.select_related("schedule__template", "schedule__board").get(pk=period_id)


def kcn_report(period):
    """K: as the period page and the export build it."""
    from kcn.reporting.exports import build_report

    return build_report(period, None)


def _report_rows(report):
    return {(row.kind, row.name): (row.submissions, {code: Decimal(value) for code, value in row.totals.items()})
            for row in report.rows}


def _names_and_rollup(period, by_zone):
    """From {zone id: [count, {code: sum}]} to the report's rows: zones, their departments
    (the department monitoring the zone on the period's first day), and the board total."""
    from kcn.registry.models import Department, Zone
    from kcn.reporting.consolidation import departments_on

    zone_department = departments_on(period.start, list(by_zone))
    zones = dict(Zone.objects.filter(pk__in=by_zone).values_list("pk", "name"))
    departments = dict(Department.objects.filter(pk__in=set(zone_department.values())).values_list("pk", "name"))
    rows = {}
    by_department = defaultdict(lambda: [0, defaultdict(Decimal)])
    board = [0, defaultdict(Decimal)]
    for zone_id, (count, sums) in by_zone.items():
        rows[("zone", zones[zone_id])] = (count, dict(sums))
        targets = [board]
        if zone_department.get(zone_id) is not None:
            targets.append(by_department[zone_department[zone_id]])
        for target in targets:
            target[0] += count
            for code, value in sums.items():
                target[1][code] += value
    for department_id, (count, sums) in by_department.items():
        rows[("department", departments[department_id])] = (count, dict(sums))
    rows[("total", "Tổng cộng")] = (board[0], dict(board[1]))
    return rows


def orm_python(period, codes):
    """R1: iterate the period's submitted reports and add up the JSON values in Python."""
    from kcn.reporting.choices import SubmissionStatus
    from kcn.reporting.models import Submission

    by_zone = defaultdict(lambda: [0, defaultdict(Decimal)])
    for zone_id, values in (Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
                            .values_list("enterprise__zone_id", "values")):
        node = by_zone[zone_id]
        node[0] += 1
        for code in codes:
            node[1][code] += Decimal(values.get(code) or 0)
    return _names_and_rollup(period, by_zone)


def orm_aggregate(period, codes):
    """R2: the ORM sums each JSON key in the database, grouped by zone."""
    from django.db.models import Count, DecimalField, Sum
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast, Coalesce

    from kcn.reporting.choices import SubmissionStatus
    from kcn.reporting.models import Submission

    number = DecimalField(max_digits=26, decimal_places=6)
    sums = {f"sum_{code}": Coalesce(Sum(Cast(KeyTextTransform(code, "values"), number)), Decimal(0),
                                    output_field=number) for code in codes}
    by_zone = {}
    for row in (Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
                .values("enterprise__zone_id").annotate(n=Count("pk"), **sums).order_by()):
        by_zone[row["enterprise__zone_id"]] = [row["n"], {code: row[f"sum_{code}"] for code in codes}]
    return _names_and_rollup(period, by_zone)


def _normalised(rows):
    return {key: (count, {code: Decimal(value).normalize() for code, value in sums.items()})
            for key, (count, sums) in rows.items()}


# Every approach starts on a new database connection and is called WARM_CALLS times before it is
# timed: the state of a server's persistent connection after a few page views. psycopg sends a
# statement as a prepared one from its 6th execution (settings: prepare_threshold = 5);
# PostgreSQL plans a prepared statement anew at each of its first 5 executions and builds its
# generic plan at the 6th, so a statement runs its steady way from its 12th execution. Those first
# calls are timed too and printed apart: what a worker's new connection costs (K here: about
# 0.6 ms for calls 1-5, 0.5 ms for 6-11, 0.3 ms from the 12th).
WARM_CALLS = 11


def _timed(function, calls):
    timings = []
    for _ in range(calls):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _measure(function, repeat):
    """(the first WARM_CALLS calls on a new connection, the `repeat` calls after them), in ms."""
    from django.db import connection

    connection.close()
    connection.ensure_connection()
    return _timed(function, WARM_CALLS), _timed(function, repeat)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=None,
                        help="the day to report (default: the dataset's last day)")
    args = parser.parse_args()
    prepare_database()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.reporting_dataset import ensure_dataset
    from kcn.reporting.consolidation import counted_fields
    from kcn.reporting.models import Period

    data = ensure_dataset(args.enterprises, args.days)
    day = args.day or datetime.date.fromisoformat(data["last_day"])
    period_id = Period.objects.get(schedule_id=data["schedule_id"], start=day).pk
    codes = sorted(counted_fields([data["template_version_id"]])[data["template_version_id"]])
    period = load_period(period_id)

    expected = _normalised(_report_rows(kcn_report(period)))
    for name, function in (("R1", orm_python), ("R2", orm_aggregate)):
        got = _normalised(function(period, codes))
        if got != expected:
            raise SystemExit(f"{name} disagrees with the consolidated report:\n{got}\n{expected}")
    with CaptureQueriesContext(connection) as queries:
        kcn_report(period)

    k_first, k = _measure(lambda: kcn_report(period), args.repeat)
    r1_first, r1 = _measure(lambda: orm_python(period, codes), args.repeat)
    r2_first, r2 = _measure(lambda: orm_aggregate(period, codes), args.repeat)
    load_first, load = _measure(lambda: load_period(period_id), args.repeat)
    k_ms, r1_ms, r2_ms, load_ms = (statistics.median(timings) for timings in (k, r1, r2, load))
    raw_ms = min(r1_ms, r2_ms)
    ratio = raw_ms / k_ms
    submissions = expected[("total", "Tổng cộng")][0]
    print(f"Consolidated report, {connection.vendor}, {data['enterprises']:,} enterprises x {data['days']} days "
          f"({data['submissions']:,} submissions); day {day.strftime('%d/%m/%Y')}: {submissions:,} reports, "
          f"{sum(1 for kind, _n in expected if kind == 'department')} departments, "
          f"{sum(1 for kind, _n in expected if kind == 'zone')} zones; median of {args.repeat}")
    print(f"{'':<60}{'median ms':>10}{'p95 ms':>9}{f'first {WARM_CALLS}, median ms':>24}")
    statements = f"{len(queries)} {'statement' if len(queries) == 1 else 'statements'}"
    for label, first, timings in ((f"K  build_report (total rows), {statements}", k_first, k),
                                  ("R1 ORM: iterate submissions, sum JSON in Python", r1_first, r1),
                                  ("R2 ORM: Sum(Cast(KeyTextTransform)) by zone", r2_first, r2),
                                  ("(the period's load before any of them, not in K/R1/R2)", load_first, load)):
        ordered = sorted(timings)
        print(f"{label:<60}{statistics.median(timings):>10.2f}{ordered[int(len(ordered) * 0.95) - 1]:>9.2f}"
              f"{statistics.median(first):>24.2f}")
    print(f"(median and p95 of the {args.repeat} calls that follow the first {WARM_CALLS} on a new connection; "
          "the ratio is taken on those)")
    median_pass, ratio_pass = k_ms < MEDIAN_MS_TARGET, ratio >= RATIO_TARGET
    print(f"K median {k_ms:.2f} ms (target < {MEDIAN_MS_TARGET} ms): {'PASS' if median_pass else 'MISS'}")
    print(f"raw/K = {ratio:.0f}x against the faster raw approach (R1/K = {r1_ms / k_ms:.0f}x, "
          f"R2/K = {r2_ms / k_ms:.0f}x; target >= {RATIO_TARGET}x): {'PASS' if ratio_pass else 'MISS'}")
    write_result("consolidated_report", {
        "database": connection.vendor, "enterprises": data["enterprises"], "days": data["days"],
        "submissions": data["submissions"], "day": day.isoformat(), "reports_that_day": submissions,
        "repeat": args.repeat, "kcn_queries": len(queries),
        "warm_calls": WARM_CALLS,
        "kcn": {"median_ms": k_ms, "runs_ms": k, "first_runs_ms": k_first},
        "orm_python": {"median_ms": r1_ms, "runs_ms": r1, "first_runs_ms": r1_first},
        "orm_aggregate": {"median_ms": r2_ms, "runs_ms": r2, "first_runs_ms": r2_first},
        "period_load": {"median_ms": load_ms, "runs_ms": load, "first_runs_ms": load_first},
        "ratio": ratio, "targets": {"median_ms": MEDIAN_MS_TARGET, "ratio": RATIO_TARGET},
        "pass": {"median_ms": median_pass, "ratio": ratio_pass},
    })


if __name__ == "__main__":
    main()
