"""/v1/jobs: follow a background drafting job; queue a dead one again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from draftdesk.api.deps import ApiKey, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.jobs.desk import JobDesk
from draftdesk.jobs.model import JobStatus
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/jobs", tags=["jobs"], dependencies=[ApiKey], responses=problem_responses(401, 403, 413, 422, 503)
)
_NOT_FOUND = {404: {**problem_responses(404)[404], "description": "No such job"}}

JobId = Annotated[str, Path(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


async def get_job_desk(request: Request) -> JobDesk:
    return request.app.state.services.jobs


JobDeskDep = Annotated[JobDesk, Depends(get_job_desk)]


@router.get("/{job_id}", response_model=JobStatus, responses=_NOT_FOUND, dependencies=[requires(Permission.READ)])
async def get_job(job_id: JobId, jobs: JobDeskDep) -> JobStatus:
    return JobStatus.of(await jobs.get(job_id))


@router.post(
    "/{job_id}/retry",
    status_code=202,
    response_model=JobStatus,
    responses={**_NOT_FOUND, 409: {**problem_responses(409)[409], "description": "The job is not dead"}},
    # What POST /v1/drafts may do: the job drafts (when it has no draft yet) and posts the
    # note a helpdesk's webhook asked for; it changes no draft anyone edited or approved.
    dependencies=[requires(Permission.DRAFT)],
)
async def retry_job(job_id: JobId, jobs: JobDeskDep) -> JobStatus:
    """A dead job queued again, its attempts starting over (its draft, if it has one, is kept)."""
    return JobStatus.of(await jobs.retry(job_id))
