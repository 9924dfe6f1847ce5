"""`make bench`: run every benchmark against databases of their own and print the results.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench \
    BENCH_REPORTING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting \
    BENCH_WORKERS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_workers \
    BENCH_TRACING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_tracing \
    BENCH_TRAINING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_training make bench

The registry benchmarks (import, list) and the reporting ones (3.65 M reports) use two databases:
the import empties the enterprise tables, which would take the reporting dataset with it, and the
reporting dataset's second board would change what the list benchmark measures (the demo board
alone). The worker upload runs twice, on PostgreSQL and on SQLite (var/bench_workers.sqlite3), as
the issue asks for both; tracing builds its own 300,000 workers; training builds (once) a programme
of 20,000 trainees in kcn_bench_training. Each script prints its figures
and PASS/MISS per target, and writes bench/results/<name>.json. Run a script directly for its
options (rows, repeats, --profile).
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGISTRY = ["import_enterprises.py", "list_enterprises.py"]
REPORTING = ["consolidated_report.py", "export_year.py", "deadline_burst.py"]
WORKERS = ["workers_import.py", "workers_list.py"]
TRACING = ["tracing.py"]
TRAINING = ["training.py"]
SQLITE_WORKERS = f"sqlite:///{HERE.parent / 'var' / 'bench_workers.sqlite3'}"


def _database(variable, name):
    return os.environ.get(variable, f"postgres://postgres@127.0.0.1:5432/{name}")


def main():
    workers = _database("BENCH_WORKERS_DATABASE_URL", "kcn_bench_workers")
    runs = [
        *[(script, _database("BENCH_DATABASE_URL", "kcn_bench")) for script in REGISTRY],
        *[(script, _database("BENCH_REPORTING_DATABASE_URL", "kcn_bench_reporting")) for script in REPORTING],
        *[(script, workers) for script in WORKERS],
        ("workers_import.py", SQLITE_WORKERS),
        *[(script, _database("BENCH_TRACING_DATABASE_URL", "kcn_bench_tracing")) for script in TRACING],
        *[(script, _database("BENCH_TRAINING_DATABASE_URL", "kcn_bench_training")) for script in TRAINING],
    ]
    failed = []
    for script, database in runs:
        env = {**os.environ, "DATABASE_URL": database}
        print(f"\n=== {script} ({database.split(':', 1)[0]}) ===", flush=True)
        result = subprocess.run([sys.executable, str(HERE / script)], env=env, cwd=HERE.parent)
        if result.returncode:
            failed.append(f"{script} ({database})")
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
