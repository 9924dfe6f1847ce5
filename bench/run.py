"""`make bench`: run every benchmark against a PostgreSQL database of its own and print the results.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench make bench

Each script prints its figures and PASS/MISS per target, and writes bench/results/<name>.json.
Run a script directly for its options (rows, repeats, sample size, --profile).
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# import_enterprises empties the enterprise tables (and so the reporting dataset, which the next
# reporting benchmark rebuilds once: reporting_dataset.py), hence the reporting ones come last.
SCRIPTS = ["import_enterprises.py", "list_enterprises.py", "consolidated_report.py", "export_year.py",
           "deadline_burst.py"]


def main():
    env = dict(os.environ)
    env["DATABASE_URL"] = env.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench")
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        result = subprocess.run([sys.executable, str(HERE / script)], env=env, cwd=HERE.parent)
        if result.returncode:
            failed.append(script)
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
