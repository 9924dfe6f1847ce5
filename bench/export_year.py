"""Benchmark: exporting a year of one zone's daily reports to .xlsx (issue 3: "streams with bounded
memory and finishes in under 30 s", with 10,000 enterprises and 3.65 million reports).

Targets: the export of the largest zone's year (``kcn.reporting.exports_data.submissions_xlsx``,
what the page "Xuất số liệu báo cáo" and ``GET /api/v1/reporting/submissions/export.xlsx`` run)
into a temporary file in under 30 s on PostgreSQL, and memory that does not grow with the number
of rows: the year's peak must stay within 1.5x of one month's (12x the rows). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting .venv/bin/python bench/export_year.py \
        [--enterprises 10000] [--days 365] [--repeat 3]

The data is ``bench/reporting_dataset.py``'s (built on first use, a few minutes). The export
runs as a board leader of the benchmark board, so the scope filter is part of what is timed.
Each measurement runs in a fresh child process: the time (median of --repeat runs, without
tracing), the growth of the process's peak resident memory (ru_maxrss) over its size before
the export, and, in a separate run under tracemalloc, the peak of Python allocations; once for
the last 30 days and once for the whole range, so the two can be compared.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_reporting")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
os.environ.setdefault("KCN_DEBUG", "false")  # no query log growing with the rows

from bench.setup_db import prepare_database, write_result  # noqa: E402

SECONDS_TARGET = 30
MEMORY_RATIO_TARGET = 1.5
MONTH_DAYS = 30
LEADER = "bench-export-lanhdao"


def _leader(board_id):
    """A board leader of the benchmark board (created once)."""
    from kcn.accounts.models import User
    from kcn.registry.models import Staff

    user, _created = User.objects.get_or_create(username=LEADER, defaults={"role": "board_leader"})
    Staff.objects.update_or_create(user=user, defaults={"board_id": board_id, "department": None,
                                                        "position": "deputy_head"})
    return user


def _largest_zone(zone_ids):
    from django.db.models import Count

    from kcn.registry.models import Zone

    return (Zone.objects.filter(pk__in=zone_ids).annotate(enterprise_count=Count("enterprises"))
            .order_by("-enterprise_count", "pk").first())


def child(args):
    """One export in this process; prints a JSON line with its figures."""
    import django

    django.setup()
    import datetime

    from kcn.accounts.models import User
    from kcn.registry.models import Zone
    from kcn.reporting.exports_data import submissions_xlsx
    from kcn.reporting.models import Schedule

    user = User.objects.get(username=LEADER)
    schedule = Schedule.objects.select_related("template").get(pk=args.schedule)
    zone = Zone.objects.get(pk=args.zone)
    date_to = datetime.date.fromisoformat(args.last_day)
    date_from = date_to - datetime.timedelta(days=args.window - 1)
    # Warm up the code paths and the connection on one day, so the growth measured is the export's.
    with tempfile.TemporaryFile() as out:
        submissions_xlsx(user, schedule, zone=zone, date_from=date_to, date_to=date_to, out=out)
    if args.trace:
        import tracemalloc

        tracemalloc.start()
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        started = time.perf_counter()
        rows = submissions_xlsx(user, schedule, zone=zone, date_from=date_from, date_to=date_to, out=out.name)
        seconds = time.perf_counter() - started
        size = os.path.getsize(out.name)
    result = {"window_days": args.window, "rows": rows, "seconds": seconds, "bytes": size,
              "rss_before_mb": before_kb / 1024,
              "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024}
    if args.trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(json.dumps(result))


def run_child(common, window, trace=False):
    command = [sys.executable, __file__, "--child", "--window", str(window), *common]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ.copy()).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--window", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--schedule", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--zone", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--last-day", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    prepare_database()

    from django.db import connection

    from bench.reporting_dataset import ensure_dataset

    info = ensure_dataset(enterprises=args.enterprises, days=args.days)
    _leader(info["board_id"])
    zone = _largest_zone(info["zone_ids"])
    common = ["--schedule", str(info["schedule_id"]), "--zone", str(zone.pk), "--last-day", info["last_day"]]
    month_window, year_window = min(MONTH_DAYS, args.days), args.days
    print(f"Export of one zone's reports to .xlsx, {connection.vendor}: {args.enterprises:,} enterprises x "
          f"{args.days} days; largest zone {zone.name} ({zone.enterprise_count:,} enterprises)")

    year_runs = [run_child(common, year_window) for _ in range(args.repeat)]
    month_run = run_child(common, month_window)
    year_traced, month_traced = run_child(common, year_window, trace=True), run_child(common, month_window, trace=True)
    seconds = statistics.median(run["seconds"] for run in year_runs)
    year = year_runs[0]
    rss_year = max(run["rss_growth_mb"] for run in year_runs)
    rss_month = month_run["rss_growth_mb"]
    peak_ratio = year_traced["traced_peak_mb"] / month_traced["traced_peak_mb"]
    rows_ratio = year["rows"] / month_run["rows"] if month_run["rows"] else float("inf")

    print(f"{'':<34}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'MB file':>9}{'RSS +MB':>9}{'traced MB':>11}")
    for name, run, traced in ((f"{month_window} days", month_run, month_traced),
                              (f"{year_window} days", year, year_traced)):
        print(f"{name:<34}{run['rows']:>10,}{run['seconds']:>10.2f}{run['rows'] / run['seconds']:>10,.0f}"
              f"{run['bytes'] / 1e6:>9.1f}{run['rss_growth_mb']:>9.1f}{traced['traced_peak_mb']:>11.1f}")
    runs = ", ".join(f"{run['seconds']:.2f}s" for run in year_runs)
    print(f"{year_window}-day runs: {runs}")
    time_pass = seconds < SECONDS_TARGET
    memory_pass = peak_ratio <= MEMORY_RATIO_TARGET and rss_year <= max(rss_month, 1) * MEMORY_RATIO_TARGET + 8
    print(f"year export {seconds:.1f} s (target < {SECONDS_TARGET} s): {'PASS' if time_pass else 'MISS'}")
    print(f"memory: {rows_ratio:.1f}x the rows, traced peak {peak_ratio:.2f}x, RSS growth {rss_year:.1f} MB vs "
          f"{rss_month:.1f} MB (target <= {MEMORY_RATIO_TARGET}x): {'PASS' if memory_pass else 'MISS'}")
    write_result("export_year", {
        "database": connection.vendor, "enterprises": args.enterprises, "days": args.days,
        "zone": {"id": zone.pk, "name": zone.name, "enterprises": zone.enterprise_count},
        "repeat": args.repeat, "seconds": seconds, "runs_s": [run["seconds"] for run in year_runs],
        "year": {**year, "traced_peak_mb": year_traced["traced_peak_mb"], "rss_growth_mb_max": rss_year},
        "month": {**month_run, "traced_peak_mb": month_traced["traced_peak_mb"]},
        "rows_ratio": rows_ratio, "traced_peak_ratio": peak_ratio,
        "targets": {"seconds": SECONDS_TARGET, "memory_ratio": MEMORY_RATIO_TARGET},
        "pass": {"seconds": time_pass, "memory": memory_pass},
    })


if __name__ == "__main__":
    main()
