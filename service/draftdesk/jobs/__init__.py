"""Background drafting jobs: a helpdesk's webhook becomes a job, a worker drafts it and
posts the note back, with retries, a dead-letter state and nothing lost across a restart.

- `model`: the job and its states (data only)
- `backoff`: when to try again (pure)
- `desk`: what the webhooks and `/v1/jobs` do (accept, look up, retry a dead job)
- `runner`: one attempt at one job: draft, post the note, record the outcome
- `stats`: the job events counted for `/metrics` (kept by the store, with each change)
- `leases`, `worker`: the embedded worker loop that runs due jobs from the table
- `queue`: the Redis-backed queue (arq) for running jobs on other machines
- `runtime`: both, as `draftdesk serve` and `draftdesk worker` start them

The table (`adapters/sql_jobs.py`) is the source of truth for every job's state; a queue
message only says "look at this job now", so a lost one costs a delay, never a job.
"""
