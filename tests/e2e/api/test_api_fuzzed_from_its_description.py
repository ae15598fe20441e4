"""Schemathesis sends what the OpenAPI description allows to every operation, with a valid key: never a 500."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.e2e.api.conftest import bearer


def test_no_operation_answers_a_server_error(app, issue_key):
    headers = bearer(issue_key(rate_limit="100000/minute"))
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        call()
