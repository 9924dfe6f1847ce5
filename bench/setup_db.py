"""Benchmark plumbing: a database of its own (created if missing, migrated) and result files."""

import json
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def prepare_database():
    """Create the DATABASE_URL database if it does not exist, set Django up and migrate."""
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"].endswith("postgresql"):
        import psycopg

        with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                             user=config["USER"] or "postgres", dbname="postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{config["NAME"]}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def write_result(name, data):
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    print(f"written {path}")
