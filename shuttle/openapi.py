"""The OpenAPI schema's error answers: each operation documents the problem details it can give.

Every error Shuttle sends is RFC 9457 problem details (`application/problem+json`, see
`shuttle.errors`). Most of them follow from what a route is, so they are documented here by
rule rather than route by route:

- 400: a route with a JSON body, sent bytes that are not text at all (FastAPI's answer; JSON
  that does not parse is a 422);
- 401: the route needs a session;
- 403: a change made with the session cookie but without the CSRF header;
- 404: the route needs an account (a role with nothing there gets 404, never 403; not the
  caller's own `/me` routes) or names something in its path;
- 409: a change by a signed-in account (the state does not allow it), or a route that opens a
  case's sealed content (it failed its integrity check);
- 410: a route that opens a case's sealed content (its key was destroyed);
- 413: any POST, PUT or PATCH (the body limit, checked before anything parses the body);
- 422: a route with parameters or a body (FastAPI's own 422 schema is replaced: Shuttle sends
  problem details, and never echoes the input);
- 429: sign-in's routes that count attempts (with Retry-After).

A route adds what the rules cannot know in its decorator, e.g.
`responses=problem_responses(403)`, and any error response a route declares without content
is documented as problem details too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema
from starlette.routing import BaseRoute

from shuttle.accounts.deps import any_stage, current_account, session_token
from shuttle.deps import get_keyring
from shuttle.errors import PROBLEM_JSON


class FieldError(BaseModel):
    """One reason a request was not valid (the submitted value is never repeated)."""

    loc: list[str | int] = Field(description="where: e.g. `body`, `text`")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details. Some problems add members of their own."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="a stable name for the problem, `urn:shuttle:problem:<slug>`")
    title: str
    status: int = Field(description="the HTTP status, repeated")
    detail: str = Field(description="what happened, in words for people")
    errors: list[FieldError] | None = Field(
        default=None, description="422 for a malformed request: each field that was refused"
    )
    state: str | None = Field(default=None, description="409 for a letter: its state now")
    allowed_states: list[str] | None = Field(
        default=None, description="409 for a letter: the states that allow the action"
    )


DESCRIPTIONS: dict[int, str] = {
    400: "The body could not be read as text",
    401: "No valid session: sign in",
    403: "A change sent with the session cookie but without the X-CSRF-Token header, or one "
    "this role may never make",
    404: "Unknown, or not yours to see: the two are not told apart",
    409: "Not allowed in the current state, or the stored content failed its integrity check",
    410: "The content was destroyed with its case's key",
    413: "The request body is too large",
    422: "The request is malformed, or its content is not acceptable",
    429: "Too many attempts; wait and try again",
}

# The caller's own account: nothing there is hidden or has a state to conflict with.
_OWN_ACCOUNT = frozenset({"/me", "/me/notifications", "/me/sessions"})
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error answers for a route's `responses=`, beyond those documented by rule."""
    return {status: _response(status) for status in statuses}


def _response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {"description": DESCRIPTIONS.get(status, "Error")}
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
        }
    return response


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    """A route's dependant and every dependency's, however deep."""
    yield dependant
    for dependency in dependant.dependencies:
        yield from _dependants(dependency)


def _has_input(route: APIRoute) -> bool:
    return bool(
        route.body_field is not None
        or (route.openapi_extra or {}).get("requestBody")
        or any(
            d.path_params or d.query_params or d.header_params or d.cookie_params
            for d in _dependants(route.dependant)
        )
    )


def statuses_by_rule(route: APIRoute, method: str) -> set[int]:
    """The error statuses a route can answer with, from what it depends on."""
    calls = {d.call for d in _dependants(route.dependant) if d.call is not None}
    signed_in = session_token in calls
    account = bool(calls & {current_account, any_stage})
    sealed = get_keyring in calls
    unsafe = method in _UNSAFE
    own = route.path_format in _OWN_ACCOUNT
    statuses: set[int] = set()
    if signed_in:
        statuses.add(401)
        if unsafe:
            statuses.add(403)
    if (account and not own) or route.dependant.path_params:
        statuses.add(404)
    if (account and unsafe and not own) or sealed:
        statuses.add(409)
    if sealed:
        statuses.add(410)
    if route.body_field is not None:
        statuses.add(400)
    if method in _WITH_BODY:
        statuses.add(413)
    if _has_input(route):
        statuses.add(422)
    return statuses


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": dict(_PROBLEM_REF)}}


def _api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # Newer FastAPI keeps an included router whole instead of copying its routes.
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)


def document_problems(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    """Add each operation's problem-details answers to a generated schema."""
    for route in _api_routes(app.routes):
        if not route.include_in_schema:
            continue
        for method in sorted(route.methods or ()):
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in statuses_by_rule(route, method):
                responses.setdefault(str(status), _response(status))
            for code, response in responses.items():
                if not code.isdigit() or int(code) < 400:
                    continue
                if code == "422":
                    # FastAPI's own 422 says `application/json` with its HTTPValidationError.
                    response.update(description=DESCRIPTIONS[422], content=_problem_content())
                elif not response.get("content"):
                    response["content"] = _problem_content()
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _, definitions = models_json_schema(
        [(Problem, "serialization")], ref_template="#/components/schemas/{model}"
    )
    components.update(definitions.get("$defs", {}))
    # FastAPI's validation-error shapes are never sent.
    if "#/components/schemas/HTTPValidationError" not in json.dumps(schema["paths"]):
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
    return schema


def install(app: FastAPI) -> None:
    """Make `app.openapi()` (and `/openapi.json`, `/docs`) document the problem answers."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(app, generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
