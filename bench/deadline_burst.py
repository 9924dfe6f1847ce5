"""Benchmark: the deadline burst, 10,000 enterprises submitting their daily report through the API.

Targets (issue 3), on this 2-core machine with gunicorn and real HTTP on loopback: at least 200
accepted submissions per second sustained over the whole burst, 99th percentile latency under
500 ms, none lost or duplicated (counted afterwards), and the ratio to the ceiling measured in
the same run: a bare Django view under the same gunicorn inserting one row and updating one
counter row. Runs against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting .venv/bin/python bench/deadline_burst.py \
        [--enterprises 10000] [--days 365] [--workers 3] [--worker-class sync] [--threads 1] \
        [--connections 4] [--wrk-threads 1] [--port 8765] [--profile]

Steps:

1. ``reporting_dataset.ensure_dataset`` (10,000 enterprises, each with its own enterprise account
   and API token, a year of daily reports). The burst reports for today's period, which the
   dataset never fills; what an earlier burst left in it is deleted first.
2. One line per enterprise, in random order, in a requests file: the enterprise's token, an
   idempotency key and the JSON body of ``POST /api/v1/reporting/submissions/submit/``
   (plausible figures that pass the template's rules).
3. gunicorn serves KCN (``bench.burst_settings``: KCN's settings plus the ceiling view) on
   127.0.0.1; wrk (``bench/burst.lua``) sends each line once, as that enterprise, over
   ``--connections`` keep-alive connections, as fast as the server answers.
4. Counted afterwards in the database: submitted reports, revisions and distinct enterprises of
   the period (exactly 10,000 each), the board total's report count (10,000), and the stored
   totals equal to the totals recomputed from the submissions (``consolidation``'s oracle).
5. The same wrk settings against ``/bench/ceiling/`` (one INSERT + one UPDATE of a counter row,
   in one transaction), with the same requests file; rows and counter counted afterwards.

Each submission's SQL queries are counted on one extra report submitted in-process (on a period
of its own, removed afterwards); ``--profile`` adds a pyinstrument profile of that request.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_reporting")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
os.environ.setdefault("KCN_DEBUG", "false")

from bench.setup_db import prepare_database, write_result  # noqa: E402

HERE = Path(__file__).resolve().parent
SUBMIT_PATH = "/api/v1/reporting/submissions/submit/"
CEILING_PATH = "/bench/ceiling/"
RATE_TARGET = 200
P99_MS_TARGET = 500


def clear_period(period_id):
    """Delete what an earlier run stored for the burst period (reports, revisions, totals)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        submissions = "SELECT id FROM reporting_submission WHERE period_id = %(p)s"
        for statement in (f"DELETE FROM reporting_revision WHERE submission_id IN ({submissions})",
                          f"DELETE FROM reporting_historicalrevision WHERE submission_id IN ({submissions})",
                          "DELETE FROM reporting_historicalsubmission WHERE period_id = %(p)s",
                          "DELETE FROM reporting_submission WHERE period_id = %(p)s",
                          "DELETE FROM reporting_zonetotal WHERE period_id = %(p)s",
                          "DELETE FROM reporting_departmenttotal WHERE period_id = %(p)s",
                          "DELETE FROM reporting_boardtotal WHERE period_id = %(p)s"):
            cursor.execute(statement, {"p": period_id})


def write_requests(path, period, enterprises, seed):
    """One line per enterprise, shuffled: token, idempotency key, JSON body."""
    from bench.reporting_dataset import _token_key, _Values

    values = _Values(seed)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    lines = []
    for enterprise_id, tax_code, workforce in enterprises:
        body = f'{{"period": {period.pk}, "enterprise": {enterprise_id}, "values": {values.json(workforce, 0.5)}}}'
        lines.append(f"{_token_key(tax_code)}\tbao-cao-{period.pk}-{enterprise_id}-{stamp}\t{body}")
    random.Random(seed).shuffle(lines)
    path.write_text("\n".join(lines) + "\n")


def prepare_ceiling():
    from django.db import connection

    from bench.burst_urls import CEILING_COUNTER, CEILING_ROWS

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {CEILING_ROWS} (id bigserial PRIMARY KEY, key text NOT NULL, "
                       "body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {CEILING_COUNTER} (id int PRIMARY KEY, n bigint NOT NULL)")
        cursor.execute(f"TRUNCATE {CEILING_ROWS}, {CEILING_COUNTER}")
        cursor.execute(f"INSERT INTO {CEILING_COUNTER} (id, n) VALUES (1, 0)")


def count_ceiling():
    from django.db import connection

    from bench.burst_urls import CEILING_COUNTER, CEILING_ROWS

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT key) FROM {CEILING_ROWS}")
        rows, keys = cursor.fetchone()
        cursor.execute(f"SELECT n FROM {CEILING_COUNTER} WHERE id = 1")
        return {"rows": rows, "distinct_keys": keys, "counter": cursor.fetchone()[0]}


def start_gunicorn(args):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.burst_settings", KCN_DEBUG="false",
               KCN_LOG_LEVEL="ERROR", KCN_INPROCESS_WORKER="false")
    command = [str(Path(sys.executable).parent / "gunicorn"), "kcn.wsgi:application",
               "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--threads", str(args.threads),
               "--backlog", "2048", "--timeout", "120", "--keep-alive", "30", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=HERE.parent, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/ping/", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_gunicorn(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def warm_up(args, token, period_id):
    """Every worker imports the URLconf, opens its database connection and fills its caches."""
    request = urllib.request.Request(f"http://127.0.0.1:{args.port}/api/v1/reporting/periods/{period_id}/",
                                     headers={"Authorization": f"Token {token}"})
    for _ in range(10 * args.workers * args.threads):
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()


def run_wrk(args, requests_file, path, workdir):
    """Send every line once (see burst.lua); end wrk when all its threads are done."""
    prefix = workdir / f"done-{path.strip('/').replace('/', '-')}-"
    command = ["wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{args.max_seconds}s",
               "--timeout", "30s", "--latency", "-s", str(HERE / "burst.lua"), f"http://127.0.0.1:{args.port}",
               "--", str(requests_file), str(args.wrk_threads), path, str(prefix)]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + args.max_seconds + 30
    while wrk.poll() is None and time.monotonic() < deadline:
        if all(Path(f"{prefix}{thread}").exists() for thread in range(args.wrk_threads)):
            wrk.send_signal(signal.SIGINT)  # wrk prints its summary and calls done() on SIGINT
            break
        time.sleep(0.2)
    try:
        output, errors = wrk.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        wrk.kill()
        output, errors = wrk.communicate()
    line = next((line for line in output.splitlines() if line.startswith("BURST ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{output}\n{errors}")
    result = json.loads(line[len("BURST "):])
    seconds = (result["burst_us"] or result["duration_us"]) / 1e6
    result["seconds"] = seconds
    result["accepted"] = result["statuses"].get("201", 0)
    result["accepted_per_s"] = result["accepted"] / seconds
    result["requests_per_s"] = result["requests"] / seconds
    result["p99_ms"] = result["latency_us"]["p99"] / 1000
    result["p50_ms"] = result["latency_us"]["p50"] / 1000
    result["wrk_output"] = output
    return result


def count_burst(period, enterprises):
    """What the database holds for the burst period: counts and the totals' consistency."""
    from django.db.models import Count

    from kcn.reporting.consolidation import totals_computed, totals_stored
    from kcn.reporting.models import SUBMISSIONS_ROW, BoardTotal, Revision, Submission

    submissions = Submission.objects.filter(period=period)
    counts = submissions.aggregate(total=Count("pk"), enterprises=Count("enterprise", distinct=True),
                                   keys=Count("idempotency_key", distinct=True))
    counts["submitted"] = submissions.filter(status="submitted").count()
    counts["revisions"] = Revision.objects.filter(submission__period=period).count()
    counts["first_revisions"] = Revision.objects.filter(submission__period=period, number=1).count()
    counts["board_total_reports"] = sum(BoardTotal.objects.filter(period=period, field_code=SUBMISSIONS_ROW)
                                        .values_list("submissions", flat=True))
    counts["totals_consistent"] = totals_stored(period) == totals_computed(period)
    counts["expected"] = enterprises
    counts["ok"] = (counts["total"] == counts["submitted"] == counts["enterprises"] == counts["keys"]
                    == counts["revisions"] == counts["first_revisions"] == counts["board_total_reports"]
                    == enterprises and counts["totals_consistent"])
    return counts


def queries_per_submission(data, profile):
    """Submit one report in-process, through the same API view and middleware, on a period of
    its own (deleted afterwards), counting its SQL queries and optionally profiling it."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.reporting_dataset import _token_key, _Values
    from kcn.registry.models import Enterprise
    from kcn.reporting.models import Period, Schedule
    from kcn.reporting.services import period_ensure

    settings.ALLOWED_HOSTS = ["*"]
    schedule = Schedule.objects.get(pk=data["schedule_id"])
    day = datetime.date.fromisoformat(data["first_day"]) - datetime.timedelta(days=1)
    period = period_ensure(schedule=schedule, around=day)[0]
    clear_period(period.pk)
    enterprise = Enterprise.objects.filter(zone__board_id=data["board_id"]).order_by("pk").first()
    client = Client(HTTP_AUTHORIZATION=f"Token {_token_key(enterprise.tax_code)}")
    body = json.dumps({"period": period.pk, "enterprise": enterprise.pk,
                       "values": json.loads(_Values(1).json(enterprise.workforce, 0.5))})
    result = {}
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(SUBMIT_PATH, body, content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=f"do-{period.pk}-a")
        assert response.status_code == 201, response.content
        result["queries"] = len(queries)
        result["sql"] = [query["sql"][:160] for query in queries.captured_queries]
        if profile:
            from pyinstrument import Profiler

            clear_period(period.pk)
            profiler = Profiler(interval=0.0005)
            profiler.start()
            response = client.post(SUBMIT_PATH, body, content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=f"do-{period.pk}-b")
            profiler.stop()
            assert response.status_code == 201, response.content
            result["profile"] = profiler.output_text(unicode=True, color=False, show_all=False)
    finally:
        clear_period(period.pk)
        Period.objects.filter(pk=period.pk).delete()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--max-seconds", type=int, default=600, help="wrk's limit; the burst ends by itself")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--limit", type=int, default=None,
                        help="only the first N enterprises submit (a quick try of server settings)")
    parser.add_argument("--profile", action="store_true", help="profile one submission with pyinstrument")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    prepare_database()

    from django.db import connection
    from django.utils import timezone

    from bench.reporting_dataset import _token_key, ensure_dataset
    from kcn.registry.models import Enterprise
    from kcn.reporting.models import Schedule
    from kcn.reporting.services import period_ensure

    data = ensure_dataset(args.enterprises, args.days)
    schedule = Schedule.objects.get(pk=data["schedule_id"])
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    if period.pk in data["period_ids"]:
        raise SystemExit("today's period is part of the dataset; rebuild it (reporting_dataset.py --rebuild)")
    clear_period(period.pk)
    enterprises = list(Enterprise.objects.filter(zone__board_id=data["board_id"]).order_by("pk")
                       .values_list("pk", "tax_code", "workforce"))[:args.limit]
    workdir = Path(tempfile.mkdtemp(prefix="kcn-burst-"))
    requests_file = workdir / "requests.tsv"
    write_requests(requests_file, period, enterprises, args.seed)
    prepare_ceiling()
    per_submission = queries_per_submission(data, args.profile)
    connection.close()

    server = start_gunicorn(args)
    try:
        warm_up(args, _token_key(enterprises[0][1]), period.pk)
        burst = run_wrk(args, requests_file, SUBMIT_PATH, workdir)
        ceiling = run_wrk(args, requests_file, CEILING_PATH, workdir)
    finally:
        stop_gunicorn(server)
        shutil.rmtree(workdir, ignore_errors=True)
    counts = count_burst(period, len(enterprises))
    ceiling_counts = count_ceiling()

    n = len(enterprises)
    print(f"Deadline burst, {connection.vendor}, {n:,} enterprises submitting the daily report for "
          f"{period.start.strftime('%d/%m/%Y')} through the API; gunicorn {args.workers} {args.worker_class} "
          f"worker(s) x {args.threads} thread(s), wrk {args.wrk_threads} thread(s) x {args.connections} "
          f"connections on 127.0.0.1; {os.cpu_count()} CPUs")
    print(f"{'':<34}{'requests':>9}{'2xx':>7}{'other':>7}{'seconds':>9}{'accepted/s':>12}{'p50 ms':>9}"
          f"{'p99 ms':>9}")
    for label, result in (("burst: submit (KCN API)", burst), ("ceiling: INSERT + UPDATE view", ceiling)):
        ok = sum(count for status, count in result["statuses"].items() if status.startswith("2"))
        print(f"{label:<34}{result['requests']:>9,}{ok:>7,}{result['requests'] - ok:>7,}{result['seconds']:>9.2f}"
              f"{result['accepted_per_s']:>12,.0f}{result['p50_ms']:>9.1f}{result['p99_ms']:>9.1f}")
    for label, result in (("burst", burst), ("ceiling", ceiling)):
        print(f"{label}: statuses {result['statuses']}, wrk socket errors {result['errors']}, "
              f"{result['retries']} re-sent after a lost answer, {result['unmatched']} answers naming no enterprise")
    print(f"counted afterwards: {counts['submitted']:,} submitted reports, {counts['revisions']:,} revisions, "
          f"{counts['enterprises']:,} distinct enterprises, {counts['keys']:,} idempotency keys, board total "
          f"{counts['board_total_reports']:,} reports, totals equal to the submissions' sums: "
          f"{counts['totals_consistent']}")
    print(f"ceiling counted afterwards: {ceiling_counts['rows']:,} rows, {ceiling_counts['distinct_keys']:,} keys, "
          f"counter {ceiling_counts['counter']:,}")
    print(f"SQL queries per submission (one report submitted in-process): {per_submission['queries']}")
    if args.profile:
        print("\n".join(f"  {sql}" for sql in per_submission["sql"]))
        print(per_submission["profile"])
    rate_pass = burst["accepted_per_s"] >= RATE_TARGET
    p99_pass = burst["p99_ms"] < P99_MS_TARGET
    exact_pass = counts["ok"] and burst["accepted"] == n
    ratio = ceiling["accepted_per_s"] / burst["accepted_per_s"] if burst["accepted_per_s"] else float("inf")
    print(f"accepted/s {burst['accepted_per_s']:,.0f} (target >= {RATE_TARGET}): {'PASS' if rate_pass else 'MISS'}")
    print(f"p99 latency {burst['p99_ms']:.1f} ms (target < {P99_MS_TARGET} ms): {'PASS' if p99_pass else 'MISS'}")
    print(f"none lost or duplicated ({n:,} sent, {burst['accepted']:,} accepted, {counts['submitted']:,} stored): "
          f"{'PASS' if exact_pass else 'MISS'}")
    print(f"ceiling {ceiling['accepted_per_s']:,.0f} req/s = {ratio:.1f}x the burst's accepted/s "
          f"(burst at {100 / ratio:.0f}% of the ceiling)")
    write_result("deadline_burst", {
        "database": connection.vendor, "enterprises": n, "days": data["days"], "cpus": os.cpu_count(),
        "period": period.start.isoformat(),
        "server": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads},
        "wrk": {"threads": args.wrk_threads, "connections": args.connections},
        "burst": {k: v for k, v in burst.items() if k != "wrk_output"},
        "ceiling": {k: v for k, v in ceiling.items() if k != "wrk_output"},
        "counts": counts, "ceiling_counts": ceiling_counts, "queries_per_submission": per_submission["queries"],
        "ceiling_over_burst": ratio,
        "targets": {"accepted_per_s": RATE_TARGET, "p99_ms": P99_MS_TARGET},
        "pass": {"accepted_per_s": rate_pass, "p99_ms": p99_pass, "none_lost_or_duplicated": exact_pass},
    })


if __name__ == "__main__":
    main()
