"""Numbers as the decree writes them: "7/KH-CĐBP" becomes "07/KH-CĐBP" (Nghị định 30/2020).

A data migration: the stored number and symbol of every document numbered 1 to 9 (and its folded
comparison column), and the folded symbol of every citation ("căn cứ") that names one, take the
leading zero. The documents changed (and their files) are put in the search outbox so that the
worker rebuilds their index entries. Downgrade strips the zero again.

Revision ID: 0002_number_leading_zero
Revises: 0001
"""

import re

import sqlalchemy as sa
from alembic import op

from intranet import clock

revision = "0002_number_leading_zero"
down_revision = "0001"
branch_labels = None
depends_on = None

_document = sa.table(
    "document",
    sa.column("id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("symbol", sa.String),
    sa.column("symbol_folded", sa.String),
)
_basis = sa.table(
    "document_basis",
    sa.column("id", sa.Integer),
    sa.column("cited_symbol_folded", sa.String),
)
_file = sa.table("document_file", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer))
_outbox = sa.table(
    "search_outbox",
    sa.column("key", sa.String),
    sa.column("created_at", sa.DateTime),
)

_PADDED = re.compile(r"^0(\d)/")
_BARE = re.compile(r"^(\d)/")


def _pad(text: str | None) -> str | None:
    return _BARE.sub(r"0\1/", text) if text else text


def _unpad(text: str | None) -> str | None:
    return _PADDED.sub(r"\1/", text) if text else text


def _rewrite(change) -> None:
    conn = op.get_bind()
    documents = conn.execute(
        sa.select(_document.c.id, _document.c.symbol, _document.c.symbol_folded).where(
            _document.c.number.between(1, 9)
        )
    ).all()
    changed = []
    for row in documents:
        symbol, folded = change(row.symbol), change(row.symbol_folded)
        if (symbol, folded) != (row.symbol, row.symbol_folded):
            conn.execute(
                sa.update(_document)
                .where(_document.c.id == row.id)
                .values(symbol=symbol, symbol_folded=folded)
            )
            changed.append(row.id)
    for row in conn.execute(
        sa.select(_basis.c.id, _basis.c.cited_symbol_folded).where(
            _basis.c.cited_symbol_folded.is_not(None)
        )
    ).all():
        folded = change(row.cited_symbol_folded)
        if folded != row.cited_symbol_folded:
            conn.execute(
                sa.update(_basis).where(_basis.c.id == row.id).values(cited_symbol_folded=folded)
            )
    if not changed:
        return
    files = conn.execute(sa.select(_file.c.id).where(_file.c.document_id.in_(changed))).scalars()
    keys = [f"document:{i}" for i in changed] + [f"file:{i}" for i in files]
    now = clock.now()
    conn.execute(sa.insert(_outbox), [{"key": key, "created_at": now} for key in keys])


def upgrade():
    _rewrite(_pad)


def downgrade():
    _rewrite(_unpad)
