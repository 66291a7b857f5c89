"""schemathesis against the OpenAPI document: every /api/v1 operation, with and without a
token, with data that fits the schema and data that does not, through the real app on the
selected store backend. No answer may be a server error, and every answer must be one the
document describes (status, content type, body schema).

`OMBUD_FUZZ_EXAMPLES` sets the examples per operation and mode (default 10, which keeps
this test near half a minute); raise it for a deeper run.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ombud.register.service import Context
from tests.web.intake_declaration import intake_declaration

EXAMPLES = int(os.environ.get("OMBUD_FUZZ_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def ctx(ctx):
    """The declaration with intake channels, so the intake operations have something to hit."""
    return Context(declaration=intake_declaration(), keyring=ctx.keyring, clock=ctx.clock)


@pytest.fixture
def api(app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _fuzz(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a failure here is reproducible
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(headers=headers, base_url="https://testserver")
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
def test_no_operation_answers_with_a_server_error_or_off_its_schema(api, token, with_token):
    headers = token("*", name="admin", requests=True) if with_token else {}
    failures: list[str] = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, headers)
            except Exception as exc:  # collected, so one run reports every operation
                failures.append(f"{operation.label} ({mode}): {type(exc).__name__}: {exc}")
    assert not failures, "\n\n".join(failures)
