"""Benchmark: the enterprise list page with 50,000 enterprises.

Targets (issue 2): median server time under 100 ms, and the same number of SQL queries whatever
the page size. Runs against the database in DATABASE_URL (PostgreSQL recommended):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench .venv/bin/python bench/list_enterprises.py

It creates the database if needed, migrates it, loads the demo board and tops the enterprises
up to --rows. Server time is measured around Django's test client (request → response,
template rendered), which is what a page costs on the server, without the network.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")

from bench.setup_db import prepare_database, write_result  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    prepare_database()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kcn.accounts.models import User
    from kcn.registry.demo import generate_enterprises, load_demo
    from kcn.registry.models import Enterprise, Zone

    settings.ALLOWED_HOSTS = ["*"]
    load_demo(enterprise_count=0)
    # The demo board's enterprises only: the reporting benchmarks keep a board of their own.
    demo_board = Enterprise.objects.filter(zone__board__name__contains="Hà Nam")
    missing = args.rows - demo_board.count()
    if missing > 0:
        zones = list(Zone.objects.filter(board__name__contains="Hà Nam"))
        new = generate_enterprises(zones, missing, seed=5, prefix="08")
        Enterprise.objects.bulk_create(new, batch_size=2000)
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum would gather them after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = demo_board.count()

    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))  # sees the whole board
    scenarios = {
        "first page (25)": {"per_page": 25},
        "page 500 (25)": {"per_page": 25, "page": 500},
        "page of 100": {"per_page": 100, "page": 7},
        "page of 200": {"per_page": 200, "page": 3},
        "search 'Điện tử'": {"q": "Điện tử", "per_page": 25},
        "zone + sector filter": {"zone": Zone.objects.get(code="HNA-DV2").pk, "sector": "26", "per_page": 50},
        "sorted by workforce desc": {"sort": "-workforce", "per_page": 50},
    }
    results = {}
    print(f"Enterprise list, {total:,} enterprises, {connection.vendor}, {args.repeat} requests per scenario")
    print(f"{'scenario':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for name, params in scenarios.items():
        client.get("/registry/enterprises/", params)  # warm
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get("/registry/enterprises/", params)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/registry/enterprises/", params)
        timings.sort()
        results[name] = {"median_ms": statistics.median(timings),
                         "p95_ms": timings[int(len(timings) * 0.95) - 1], "queries": len(queries)}
        r = results[name]
        print(f"{name:<28}{r['median_ms']:>10.1f}{r['p95_ms']:>9.1f}{r['queries']:>9}")
    counts = {results[n]["queries"] for n in ("first page (25)", "page of 100", "page of 200")}
    worst = max(r["median_ms"] for r in results.values())
    constant = len(counts) == 1
    print(f"median under 100 ms in every scenario: {'PASS' if worst < 100 else 'MISS'} (worst {worst:.1f} ms)")
    print(f"same query count for page sizes 25/100/200: {'PASS' if constant else 'MISS'} ({sorted(counts)})")
    write_result("list_enterprises", {"rows": total, "database": connection.vendor, "scenarios": results,
                                      "worst_median_ms": worst, "constant_queries": constant})


if __name__ == "__main__":
    main()
