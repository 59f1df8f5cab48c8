"""Operational tables: scheduled-job heartbeats."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import timestamp_field


class JobHeartbeat(SQLModel, table=True):
    """Last run of each periodic job, shown by ``/api/health``."""

    __tablename__ = "job_heartbeats"

    name: str = Field(primary_key=True, max_length=100)
    last_run_at: datetime = timestamp_field()
    last_duration_ms: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    runs: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    runner: str = Field(default="", max_length=40)
