"""Benchmark: the worker list of an enterprise with 60,000 workers, filtered and paginated.

Target (issue 4): median server time under 100 ms on PostgreSQL, and the same number of SQL
queries whatever the page size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_workers .venv/bin/python bench/workers_list.py

It creates the database if needed, migrates it, loads the demo board and gives the demo enterprise
(login doanhnghiep) --rows workers through the real upload (bench/workers_import.py's generator),
then times the page as the enterprise and as the department monitoring its zone. Server time is
measured around Django's test client (request → response, template rendered).
"""

import argparse
import os
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    prepare_database()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.workers_import import generate, write_xlsx
    from kcn.accounts.models import User
    from kcn.registry.demo import load_demo
    from kcn.registry.models import Enterprise
    from kcn.workers.models import Worker
    from kcn.workers.services import worker_import

    settings.ALLOWED_HOSTS = ["*"]
    load_demo(enterprise_count=60)
    enterprise = Enterprise.objects.filter(user_links__user__username="doanhnghiep").first()
    owner = User.objects.get(username="doanhnghiep")
    if Worker.objects.filter(enterprise=enterprise).count() != args.rows:
        with tempfile.TemporaryDirectory() as workdir:
            path = Path(workdir) / "nguoi-lao-dong.xlsx"
            write_xlsx(path, generate(args.rows, 3000, seed=60), enterprise.tax_code)
            Worker.objects.filter(enterprise=enterprise).delete()
            with open(path, "rb") as file:
                report = worker_import(user=owner, enterprise=enterprise, file=file, file_name=path.name)
            assert report.ok, report.message
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Worker.objects.filter(enterprise=enterprise).count()
    sample = Worker.objects.filter(enterprise=enterprise).order_by("pk")[total // 2]

    scenarios = {
        "first page (25)": {"per_page": 25},
        "page 1000 (25)": {"per_page": 25, "page": 1000},
        "page of 100": {"per_page": 100, "page": 7},
        "page of 200": {"per_page": 200, "page": 3},
        "search name, no diacritics": {"q": "nguyen thi", "per_page": 25},
        "search CCCD": {"q": sample.identity_number, "per_page": 25},
        "workshop + shift": {"workshop": "Xưởng 3", "shift": "Ca 2", "per_page": 50},
        "line + team + active": {"production_line": "Chuyền 3.4", "team": "Tổ 2", "status": "active"},
        "bus route, 3 doses": {"bus_route": "Tuyến 17", "vaccine_doses": 3, "per_page": 25},
        "dormitory, revealed": {"dormitory": "KTX B", "reveal": "1", "per_page": 50},
        "sorted by CCCD": {"sort": "identity_number", "per_page": 50, "page": 40},
    }
    clients = {}
    for username in ("doanhnghiep", "truongphong"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    results = {}
    print(f"Worker list, one enterprise with {total:,} workers, {connection.vendor}, {args.repeat} requests each")
    print(f"{'scenario':<40}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for username, client in clients.items():
        for name, params in scenarios.items():
            params = {**params, "enterprise": enterprise.pk}
            label = f"{username}: {name}"
            assert client.get("/workers/", params).status_code == 200  # warm
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get("/workers/", params)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            with CaptureQueriesContext(connection) as queries:
                client.get("/workers/", params)
            timings.sort()
            results[label] = {"median_ms": statistics.median(timings),
                              "p95_ms": timings[int(len(timings) * 0.95) - 1], "queries": len(queries)}
            r = results[label]
            print(f"{label:<40}{r['median_ms']:>10.1f}{r['p95_ms']:>9.1f}{r['queries']:>9}")
    counts = {results[f"doanhnghiep: {n}"]["queries"] for n in ("first page (25)", "page of 100", "page of 200")}
    worst = max(r["median_ms"] for r in results.values())
    constant = len(counts) == 1
    print(f"median under 100 ms in every scenario: {'PASS' if worst < 100 else 'MISS'} (worst {worst:.1f} ms)")
    print(f"same query count for page sizes 25/100/200: {'PASS' if constant else 'MISS'} ({sorted(counts)})")
    write_result("workers_list", {"rows": total, "database": connection.vendor, "scenarios": results,
                                  "worst_median_ms": worst, "constant_queries": constant})


if __name__ == "__main__":
    main()
