"""The OpenAPI schema and its Swagger UI: complete, valid and served without any CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

REGISTRY_PATHS = [
    "/api/v1/registry/zones/", "/api/v1/registry/zones/{id}/",
    "/api/v1/registry/enterprises/", "/api/v1/registry/enterprises/{id}/",
    "/api/v1/registry/departments/", "/api/v1/registry/staff/", "/api/v1/registry/assignments/",
    "/api/v1/registry/oversight/", "/api/v1/registry/boards/",
    "/api/v1/registry/provinces/", "/api/v1/registry/communes/", "/api/v1/registry/legacy-provinces/",
]

# Warnings that need a change outside the API package; each names where it is fixed.
KNOWN_WARNINGS: list[str] = []


@pytest.fixture
def schema_document(db, client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_with_the_registry(schema_document):
    assert schema_document["openapi"].startswith("3.")
    for path in REGISTRY_PATHS:
        assert path in schema_document["paths"], path
    assert "/api/v1/auth/token/" in schema_document["paths"]
    assert "tokenAuth" in schema_document["components"]["securitySchemes"]


def test_every_operation_is_tagged_and_documents_404(schema_document):
    for path, operations in schema_document["paths"].items():
        if not path.startswith(("/api/v1/registry/", "/api/v1/reporting/")):
            continue
        for method, operation in operations.items():
            assert operation.get("tags"), (method, path)
            reference = path.startswith(("/api/v1/registry/provinces/", "/api/v1/registry/communes/",
                                         "/api/v1/registry/legacy-provinces/"))
            if "{" in path and not reference:
                assert "404" in operation["responses"], (method, path)


def test_enterprises_delete_but_zones_do_not(schema_document):
    assert "delete" in schema_document["paths"]["/api/v1/registry/enterprises/{id}/"]
    assert "delete" not in schema_document["paths"]["/api/v1/registry/zones/{id}/"]
    assert "412" in schema_document["paths"]["/api/v1/registry/zones/{id}/"]["patch"]["responses"]


def test_schema_generates_without_errors_or_new_warnings(db):
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._error_cache, list(GENERATOR_STATS._error_cache)
    unexpected = [w for w in GENERATOR_STATS._warn_cache if not any(known in w for known in KNOWN_WARNINGS)]
    assert unexpected == []


def test_swagger_ui_is_served_without_a_cdn(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert "jsdelivr" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # same origin
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
