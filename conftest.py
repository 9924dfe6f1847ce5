"""Shared fixtures. Data is built with the services and the demo loader, never hand-written JSON."""

import pytest
from django.test import Client

from kcn.accounts.models import User


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The demo creates a dozen accounts; PBKDF2 at production strength would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    # In tests, background tasks run in the calling thread so their effect is visible at once.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (counters such as failed check-in codes live there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The Hà Nam demo board with 60 enterprises: zones, departments, staff, one login per role."""
    from kcn.registry.demo import load_demo

    return load_demo(enterprise_count=60)


@pytest.fixture
def login():
    """login("canbo") -> a test Client logged in as that demo user."""

    def make(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def user_named():
    def get(username):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def api(user_named):
    """api("canbo") -> a DRF APIClient that authenticates with that user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(username):
        token, _ = Token.objects.get_or_create(user=user_named(username))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def training_world(demo):
    """Two training programmes, one in the demo users' scope and one out of it (kcn/training/tests/world.py)."""
    from kcn.training.tests.world import build_world

    return build_world()
