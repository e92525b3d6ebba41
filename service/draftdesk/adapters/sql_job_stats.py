"""The `job_stats` table: what has happened to jobs, counted (`draftdesk.jobs.stats`).

One row per source, event and latency bucket, so reading them all is a few dozen rows
however many jobs there are. `SqlJobStore` adds to a row inside the transaction of the
change it counts: an upsert that increments, which on PostgreSQL holds that row until the
change commits (a transaction counts at most one event per source, sources in order, so
two never wait for each other in a circle).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from draftdesk.adapters.database import Base
from draftdesk.jobs.stats import NO_BUCKET, JobEvent, JobStats, JobTally, seconds_bucket


class JobStatRow(Base):
    __tablename__ = "job_stats"

    source: Mapped[str] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    seconds: Mapped[float]


class SqlJobTallies:
    def __init__(self, *, postgresql: bool) -> None:
        self._insert = postgresql_insert if postgresql else sqlite_insert

    def count(
        self, session: Session, source: str, event: JobEvent, *, n: int = 1, seconds: float | None = None
    ) -> None:
        """`n` more of `event` for `source`, in `session`'s transaction; a done job with its
        `seconds` from accepted."""
        row = self._insert(JobStatRow).values(
            source=source,
            event=event.value,
            bucket=NO_BUCKET if seconds is None else seconds_bucket(seconds),
            count=n,
            seconds=seconds or 0.0,
        )
        added = {"count": JobStatRow.count + row.excluded.count, "seconds": JobStatRow.seconds + row.excluded.seconds}
        session.execute(
            row.on_conflict_do_update(index_elements=[JobStatRow.source, JobStatRow.event, JobStatRow.bucket], set_=added)
        )

    @staticmethod
    def read(session: Session) -> JobStats:
        rows = session.scalars(select(JobStatRow).order_by(JobStatRow.source, JobStatRow.event, JobStatRow.bucket))
        return JobStats(
            tallies=tuple(
                JobTally(
                    source=row.source, event=JobEvent(row.event), bucket=row.bucket, count=row.count, seconds=row.seconds
                )
                for row in rows
            )
        )
