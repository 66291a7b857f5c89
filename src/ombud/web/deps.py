"""Request-scoped dependencies: a transaction, the register context, the caller's scope."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ombud.access import Scope, authenticate
from ombud.register.service import Context
from ombud.runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="An API token from `ombud token create`.")


# Dependencies and routes are `async def` on purpose: the database work per request is
# short, and running it on the event loop saves a thread hop per dependency, which
# costs more than the queries themselves.
async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_session(
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> AsyncIterator[Session]:
    """One transaction per request: committed on success, rolled back on any error."""
    with runtime.transaction() as session:
        yield session


async def get_context(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Context:
    return runtime.context


async def get_scope(
    session: Annotated[Session, Depends(get_session)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Scope:
    """The caller's scope from its bearer token; 401 without a live token (deny by default)."""
    scope = authenticate(session, credentials.credentials) if credentials else None
    if scope is None:
        raise HTTPException(
            401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return scope


SessionDep = Annotated[Session, Depends(get_session)]
ContextDep = Annotated[Context, Depends(get_context)]
ScopeDep = Annotated[Scope, Depends(get_scope)]
