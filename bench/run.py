"""`make bench`: run every benchmark against PostgreSQL databases of their own and print the results.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench \
    BENCH_REPORTING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_reporting make bench

The registry benchmarks (import, list) and the reporting ones (3.65 M reports) use two databases:
the import empties the enterprise tables, which would take the reporting dataset with it, and the
reporting dataset's second board would change what the list benchmark measures (the demo board
alone). Each script prints its figures and PASS/MISS per target, and writes
bench/results/<name>.json. Run a script directly for its options (rows, repeats, --profile).
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGISTRY = ["import_enterprises.py", "list_enterprises.py"]
REPORTING = ["consolidated_report.py", "export_year.py", "deadline_burst.py"]


def main():
    databases = {
        "registry": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench"),
        "reporting": os.environ.get("BENCH_REPORTING_DATABASE_URL",
                                    "postgres://postgres@127.0.0.1:5432/kcn_bench_reporting"),
    }
    failed = []
    for kind, scripts in (("registry", REGISTRY), ("reporting", REPORTING)):
        env = {**os.environ, "DATABASE_URL": databases[kind]}
        for script in scripts:
            print(f"\n=== {script} ===", flush=True)
            result = subprocess.run([sys.executable, str(HERE / script)], env=env, cwd=HERE.parent)
            if result.returncode:
                failed.append(script)
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
