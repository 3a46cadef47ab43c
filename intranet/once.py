"""Jobs that run once per deployment, whichever host's worker takes them (reminders, the daily
check, the nightly backup): a row per job and period, inserted or skipped (a unique key), so it
holds on SQLite and PostgreSQL alike, with one host or several on one database."""

import logging
import socket
from datetime import datetime

from flask import current_app
from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from intranet import clock
from intranet.extensions import db

log = logging.getLogger(__name__)


class JobClaim(db.Model):
    """Who took a job for a period ("daily", "2026-12-03")."""

    __tablename__ = "job_claim"
    __table_args__ = (UniqueConstraint("name", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(40))
    host: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(default=clock.now)


def host_name() -> str:
    """This app host's name (HOST_NAME, INTRANET_HOST_NAME; else the machine's name)."""
    return current_app.config.get("HOST_NAME") or socket.gethostname()


def claim(name: str, period: str, retry: bool = False) -> bool:
    """Whether this host runs ``name`` for ``period``: the first to ask takes it, everyone
    after is told no; with ``retry``, the host that took it may run it again in the period."""
    me = host_name()
    db.session.rollback()  # a fresh transaction of its own: the claim is committed at once
    try:
        db.session.add(JobClaim(name=name, period=period, host=me))
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    holder = db.session.execute(
        select(JobClaim.host).where(JobClaim.name == name, JobClaim.period == period)
    ).scalar()
    log.info("%s for %s was taken by host %s", name, period, holder)
    return retry and holder == me
