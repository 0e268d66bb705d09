"""Schemathesis against the OpenAPI schema: generated requests to the fast endpoints get no 5xx
and only documented statuses, content types and bodies.

Bounded: a few examples per operation. Left out: what starts real renders or is destructive for
the whole module (chat, job creation, account deletion), the export zip (slow) and /metrics
(admin-only, plain text).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.integration.api.conftest import auth

EXCLUDED = (
    ("POST", "/v1/chat"),
    ("POST", "/v1/jobs"),
    ("POST", "/v1/jobs/{job_id}/resume"),
    ("DELETE", "/v1/me"),
    ("GET", "/v1/me/export"),
    ("GET", "/metrics"),
    ("POST", "/v1/media"),
)


@pytest.fixture(scope="module")
def api_schema(client: TestClient) -> Any:
    loaded: schemathesis.BaseSchema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    for method, path in EXCLUDED:
        loaded = loaded.exclude(method=method, path=path)
    return loaded


def test_generated_requests_get_documented_answers(api_schema: Any, key_a: str) -> None:
    """Every included operation, a few generated cases each (schemathesis' pytest plugin needs a
    pytest internal that is gone, so operations are walked here)."""
    failures: dict[str, str] = {}
    walked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        walked += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            case.call_and_validate(headers=auth(key_a))

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:
            failures[operation.label] = f"{type(exc).__name__}: {str(exc)[:600]}"
    assert walked >= 40
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
