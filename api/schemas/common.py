"""The error body every endpoint documents."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details; extra members (``errors``, ``problems``) add specifics."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None
    problems: list[dict[str, Any]] | None = None


def _problem(description: str) -> dict[str, Any]:
    return {
        "model": Problem,
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed request body (not valid JSON, form or UTF-8)"),
    401: _problem("Missing, invalid or revoked API key"),
    403: _problem("The key's role may not do this"),
    404: _problem("No such record"),
    409: _problem("Conflicts with stored data"),
    413: _problem("Upload larger than the limit"),
    415: _problem("Upload content is not a supported format"),
    422: _problem("Invalid input; `detail` says what to fix"),
}
