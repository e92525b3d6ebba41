"""/v1/keys (the `keys` permission: admins): create, list and revoke API keys.

A key is in the answer to its creation only; the store keeps its hash. A revoked key
is refused (401) from the next request on, by every worker: nothing is cached."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, ServicesDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.api.schemas import AgentName, Body
from draftdesk.roles import ApiKeyInfo, IssuedKey, KeyRole, Permission

router = APIRouter(
    prefix="/v1/keys",
    tags=["keys"],
    dependencies=[ApiKey, requires(Permission.KEYS)],
    responses=problem_responses(401, 403, 413, 422, 503),
)

KeyId = Annotated[str, Path(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


class CreateKey(Body):
    owner: AgentName = Field(description="Who holds the key, a person or a system: the audit trail names them")
    role: KeyRole


@router.post("", status_code=201, response_model=IssuedKey, responses=problem_responses(400))
async def create_key(body: CreateKey, services: ServicesDep, response: Response) -> IssuedKey:
    """The new key, shown this once: only its hash is stored."""
    issued = await run_in_threadpool(services.keys.create, owner=body.owner, role=body.role)
    response.headers["Cache-Control"] = "no-store"
    return issued


@router.get("", response_model=list[ApiKeyInfo])
async def list_keys(services: ServicesDep) -> list[ApiKeyInfo]:
    """Every key, revoked ones too, oldest first; never a key itself."""
    return await run_in_threadpool(services.keys.all_keys)


@router.delete("/{key_id}", response_model=ApiKeyInfo, responses=problem_responses(404))
async def revoke_key(key_id: KeyId, services: ServicesDep) -> ApiKeyInfo:
    """Revoke the key (for good; again: no change): its next request is refused with 401."""
    return await run_in_threadpool(services.keys.revoke, key_id)
