"""Benchmark: a programme's course results, the network's indicators and certificate verification.

Target (issue 5): a programme with 10 years of courses, 20,000 trainees and 500,000 attendance and
feedback records: course results and the indicators page in under 100 ms median on PostgreSQL,
with a constant number of queries; certificate verification in under 20 ms median.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_training .venv/bin/python bench/training.py \
        [--trainees 20000] [--years 10] [--repeat 30] [--rebuild]

The dataset (bench/training_dataset.py) is built once in its own database and reused. Pages are
timed through Django's test client (request in, rendered page out, no network): course results and
indicators as the programme manager (``quanlychuongtrinh``, force_login), certificate verification
anonymously, each over --repeat requests after a warm-up; the selectors behind them are timed
directly as well. Queries are counted (CaptureQueriesContext) for course results on the 20-trainee
course and the largest one, and for the indicators of the whole programme and of the one-course
programme: constant when equal. A page or function another area has not written yet prints
NOT AVAILABLE instead of a figure.
"""

import argparse
import importlib
import os
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_training")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")
os.environ.setdefault("KCN_DEBUG", "false")

from bench.setup_db import write_result  # noqa: E402
from bench.training_dataset import PROGRAMME_CODE, SMALL_PROGRAMME_CODE, ensure_dataset  # noqa: E402

TARGETS_MS = {"results": 100.0, "indicators": 100.0, "verify": 20.0}


class NotAvailable(Exception):
    pass


def _function(module, name):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise NotAvailable(f"{module}.{name}: {error}") from None


def _url(name, *args):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        raise NotAvailable(f"URL {name}") from None


def _get(client, url, params=None):
    response = client.get(url, params or {})
    if response.status_code != 200:
        raise NotAvailable(f"GET {url} {params or ''} answered {response.status_code}")
    return response


def _timed(call, repeat):
    call()  # warm-up: connection, templates, the server's caches
    call()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return {"median_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2)}


def _queries(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _load():
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def _verdict(ok):
    return "PASS" if ok else "MISS"


def _measure(label, results, key, body):
    """Run one measurement; an area not there yet (or failing) is reported, not fatal."""
    try:
        results[key] = body()
    except NotAvailable as error:
        results[key] = {"available": False, "reason": str(error)}
        print(f"{label}: NOT AVAILABLE ({error})", flush=True)
    except Exception as error:  # a view or selector being written right now may fail: say so and go on
        results[key] = {"available": False, "reason": f"{type(error).__name__}: {error}"}
        print(f"{label}: NOT AVAILABLE ({type(error).__name__}: {error})", flush=True)
        traceback.print_exc(limit=3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build the dataset again")
    args = parser.parse_args()
    dataset = ensure_dataset(args.trainees, args.years, args.rebuild)

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from kcn.accounts.models import User
    from kcn.training.models import Attendance, Certificate, Course, Feedback, FeedbackScore, Programme, Trainee

    settings.ALLOWED_HOSTS = ["*"]
    manager = User.objects.get(username="quanlychuongtrinh")
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    small_programme = Programme.objects.get(code=SMALL_PROGRAMME_CODE)
    courses = Course.objects.filter(programme=programme).annotate(size=Count("enrolments"))
    largest = courses.order_by("-size", "pk").first()
    small = Course.objects.filter(programme=small_programme).annotate(size=Count("enrolments")).get()
    rng = random.Random(7)
    codes = list(Certificate.objects.filter(enrolment__course__programme=programme, revoked_at__isnull=True)
                 .order_by("pk").values_list("code", flat=True))
    sample_codes = rng.sample(codes, min(len(codes), 50))
    attendance = Attendance.objects.filter(enrolment__course__programme=programme).count()
    feedback = Feedback.objects.filter(session__course__programme=programme).count()
    scores = FeedbackScore.objects.filter(feedback__session__course__programme=programme).count()
    trainees = Trainee.objects.filter(enrolments__course__programme=programme).distinct().count()
    print(f"\nTraining: programme of {courses.count()} courses over {args.years} years, {trainees:,} trainees, "
          f"{attendance:,} attendance + {feedback:,} feedback records ({attendance + feedback:,}; with their "
          f"{scores:,} scores {attendance + feedback + scores:,}), {len(codes):,} valid certificates; "
          f"{connection.vendor}, median of {args.repeat} after warm-up; load average {_load()}", flush=True)

    manager_client = Client()
    manager_client.force_login(manager)
    anonymous = Client()
    results = {}

    # --- Course results (grading area) ----------------------------------------------------------
    def results_page():
        url = _url("training:course_results", largest.pk)
        small_url = _url("training:course_results", small.pk)
        timing = _timed(lambda: _get(manager_client, url), args.repeat)
        big_q, small_q = _queries(lambda: _get(manager_client, url)), _queries(lambda: _get(manager_client, small_url))
        ok = timing["median_ms"] < TARGETS_MS["results"]
        print(f"Course results page ({largest.size} trainees): median {timing['median_ms']:.1f} ms, p95 "
              f"{timing['p95_ms']:.1f} ms (< 100 ms: {_verdict(ok)}); queries {small_q} ({small.size} trainees) "
              f"= {big_q} ({largest.size}) (constant: {_verdict(small_q == big_q)})", flush=True)
        return {**timing, "trainees": largest.size, "queries_small": small_q, "queries_large": big_q,
                "target_met": ok, "constant": small_q == big_q}

    def results_selector():
        course_results = _function("kcn.training.selectors.grading", "course_results")
        timing = _timed(lambda: course_results(user=manager, course=largest), args.repeat)
        big_q = _queries(lambda: course_results(user=manager, course=largest))
        small_q = _queries(lambda: course_results(user=manager, course=small))
        table = course_results(user=manager, course=largest)
        rows = getattr(table, "rows", table)
        stale = sum(1 for row in rows if getattr(row, "stale", False))
        ok = timing["median_ms"] < TARGETS_MS["results"]
        print(f"  selector course_results ({len(rows)} rows): median {timing['median_ms']:.1f} ms "
              f"(< 100 ms: {_verdict(ok)}); queries {small_q} = {big_q} (constant: {_verdict(small_q == big_q)}); "
              f"stored results equal to the recomputed ones: {_verdict(not stale)} ({stale} differ)", flush=True)
        return {**timing, "rows": len(rows), "queries_small": small_q, "queries_large": big_q, "target_met": ok,
                "constant": small_q == big_q, "stale_rows": stale}

    _measure("Course results page", results, "course_results_page", results_page)
    _measure("  selector course_results", results, "course_results_selector", results_selector)

    # --- Indicators (network app) ---------------------------------------------------------------
    def indicators_page():
        url = _url("network:indicators")
        params, small_params = {"programme": programme.pk}, {"programme": small_programme.pk}
        timing = _timed(lambda: _get(manager_client, url, params), args.repeat)
        all_timing = _timed(lambda: _get(manager_client, url), args.repeat)
        big_q = _queries(lambda: _get(manager_client, url, params))
        small_q = _queries(lambda: _get(manager_client, url, small_params))
        ok = max(timing["median_ms"], all_timing["median_ms"]) < TARGETS_MS["indicators"]
        print(f"Indicators page (the programme, {trainees:,} trainees): median {timing['median_ms']:.1f} ms, p95 "
              f"{timing['p95_ms']:.1f} ms; all the manager's programmes {all_timing['median_ms']:.1f} ms "
              f"(< 100 ms: {_verdict(ok)}); queries {small_q} (one course) = {big_q} ({courses.count()} courses) "
              f"(constant: {_verdict(small_q == big_q)})", flush=True)
        return {**timing, "all_programmes": all_timing, "queries_small": small_q, "queries_large": big_q,
                "target_met": ok, "constant": small_q == big_q}

    def indicators_selector():
        indicators = _function("kcn.network.selectors", "indicators")
        timing = _timed(lambda: indicators(user=manager, programme=programme), args.repeat)
        big_q = _queries(lambda: indicators(user=manager, programme=programme))
        small_q = _queries(lambda: indicators(user=manager, programme=small_programme))
        ok = timing["median_ms"] < TARGETS_MS["indicators"]
        print(f"  selector indicators: median {timing['median_ms']:.1f} ms (< 100 ms: {_verdict(ok)}); queries "
              f"{small_q} = {big_q} (constant: {_verdict(small_q == big_q)})", flush=True)
        return {**timing, "queries_small": small_q, "queries_large": big_q, "target_met": ok,
                "constant": small_q == big_q}

    _measure("Indicators page", results, "indicators_page", indicators_page)
    _measure("  selector indicators", results, "indicators_selector", indicators_selector)

    # --- Certificate verification (certificates area), anonymous, a different code each time ----
    def verify_page():
        urls = [_url("training:certificate_verify_code", code) for code in sample_codes]
        cycle = iter(urls * (args.repeat + 10))
        response = _get(anonymous, urls[0])
        if sample_codes[0] not in response.content.decode():
            raise NotAvailable("the verification page does not show the certificate's code")
        timing = _timed(lambda: _get(anonymous, next(cycle)), args.repeat)
        queries = _queries(lambda: _get(anonymous, urls[1]))
        ok = timing["median_ms"] < TARGETS_MS["verify"]
        print(f"Certificate verification page (anonymous, {len(codes):,} certificates): median "
              f"{timing['median_ms']:.1f} ms, p95 {timing['p95_ms']:.1f} ms (< 20 ms: {_verdict(ok)}); "
              f"queries {queries}", flush=True)
        return {**timing, "queries": queries, "target_met": ok}

    def verify_selector():
        certificate_verify = _function("kcn.training.selectors.certificates", "certificate_verify")
        cycle = iter(sample_codes * (args.repeat + 10))
        if certificate_verify(sample_codes[0]) is None or certificate_verify("ZZZZZ-ZZZZZ") is not None:
            raise NotAvailable("certificate_verify does not find the codes")
        timing = _timed(lambda: certificate_verify(next(cycle)), args.repeat)
        queries = _queries(lambda: certificate_verify(sample_codes[1]))
        ok = timing["median_ms"] < TARGETS_MS["verify"]
        print(f"  selector certificate_verify: median {timing['median_ms']:.2f} ms (< 20 ms: {_verdict(ok)}); "
              f"queries {queries}", flush=True)
        return {**timing, "queries": queries, "target_met": ok}

    _measure("Certificate verification page", results, "verify_page", verify_page)
    _measure("  selector certificate_verify", results, "verify_selector", verify_selector)

    print(f"load average at the end: {_load()}")
    write_result("training", {
        "database": connection.vendor, "dataset": dataset, "courses": courses.count(), "trainees": trainees,
        "attendance": attendance, "feedback": feedback, "feedback_scores": scores, "certificates": len(codes),
        "load_average_end": os.getloadavg(),
        "largest_course": largest.size, "small_course": small.size, "repeat": args.repeat, "results": results,
    })


if __name__ == "__main__":
    main()
