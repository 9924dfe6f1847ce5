import os
import subprocess
import sys


def _check(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KCN_")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "kcn", "check"], env=environment, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = _check(KCN_ENV="production")
    assert result.returncode != 0
    assert "KCN_SECRET_KEY must be set" in result.stderr


def test_production_starts_with_its_settings():
    result = _check(KCN_ENV="production", KCN_SECRET_KEY="x" * 50, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert "kcn.W001" in result.stderr + result.stdout  # warns that production runs on SQLite


def test_worker_lists_may_be_larger_than_other_uploads(settings):
    from kcn.core.uploads import upload_limit

    settings.KCN_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    assert upload_limit("/registry/enterprises/import/") == 20 * 1024 * 1024
    assert upload_limit("/workers/upload/") == settings.KCN_WORKERS_MAX_UPLOAD_BYTES == 100 * 1024 * 1024
    assert upload_limit("/api/v1/workers/uploads/") == 100 * 1024 * 1024
