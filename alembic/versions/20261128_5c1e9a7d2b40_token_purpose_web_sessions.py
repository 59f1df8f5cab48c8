"""Token purposes: REST refresh tokens, the browser's web-session cookie and one-time login handoffs.

Revision ID: 5c1e9a7d2b40
Revises: 25befe805316
Create Date: 2026-11-28 07:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e9a7d2b40"
down_revision: str | None = "25befe805316"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Browser sessions used to keep their token in localStorage: end them, so every browser
    # logs in again through the HttpOnly cookie flow and no script-readable token stays valid.
    op.execute(
        "UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'cookie_migration' "
        "WHERE channel = 'web' AND revoked_at IS NULL"
    )
    op.add_column(
        "refresh_tokens", sa.Column("purpose", sa.String(length=10), server_default="refresh", nullable=False)
    )
    op.create_check_constraint(
        op.f("ck_refresh_tokens_purpose_known"), "refresh_tokens", "purpose IN ('refresh', 'web', 'handoff')"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_refresh_tokens_purpose_known"), "refresh_tokens", type_="check")
    op.drop_column("refresh_tokens", "purpose")
