"""The demo: every unit holds nominations in several states, with real files and a decision."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intranet.accounts.models import Unit
from intranet.demo import ACCOUNTS_FILE, UNITS
from intranet.documents.models import Document, Status
from intranet.exemplars.models import AwardLine, Evidence, Exemplar, Stage
from intranet.extensions import db
from intranet.storage import StoredFile, path_for
from tests.conftest import login
from tests.exemplars.conftest import text


@pytest.fixture
def demo(app, runner):
    """`flask demo load` on a fresh, empty database; returns the demo passwords by username."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    lines = (Path(app.instance_path) / ACCOUNTS_FILE).read_text(encoding="utf-8").splitlines()
    return dict(line.split() for line in lines)


def test_every_unit_has_at_least_one_exemplar(app, demo):
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Unit.code, func.count(Exemplar.id))
                .join(Exemplar, Exemplar.unit_id == Unit.id, isouter=True)
                .group_by(Unit.code)
            ).all()
        )

    assert len(UNITS) == 11
    assert {code: counts.get(code, 0) >= 1 for code, _ in UNITS} == {
        code: True for code, _ in UNITS
    }


def test_the_exemplars_are_in_several_stages(app, demo):
    with app.app_context():
        stages = set(db.session.execute(select(Exemplar.stage).distinct()).scalars())

    assert {Stage.SUBMITTED, Stage.ENDORSED, Stage.RECOGNISED, Stage.PROPAGATED} <= stages
    assert Stage.RETURNED in stages


def test_the_evidence_files_are_real_pdf_docx_and_jpeg(app, demo):
    with app.app_context():
        kinds = set(
            db.session.execute(
                select(StoredFile.type_code).join(
                    Evidence, Evidence.stored_file_id == StoredFile.id
                )
            ).scalars()
        )
        missing = [
            e.original_name
            for e in db.session.execute(select(Evidence)).scalars()
            if not path_for(e.stored).is_file()
        ]

    assert {"pdf", "docx", "jpeg"} <= kinds
    assert missing == []


def test_there_is_a_published_decision_with_award_lines(app, demo):
    with app.app_context():
        rows = db.session.execute(
            select(Document.symbol, func.count(AwardLine.id))
            .join(AwardLine, AwardLine.document_id == Document.id)
            .where(Document.kind == "QĐ", Document.status == Status.PUBLISHED)
            .group_by(Document.symbol)
        ).all()

    assert rows, "no published QĐ with award lines"
    assert all(count >= 1 for _, count in rows)


def test_the_honour_board_shows_the_propagated_exemplars(app, demo):
    client = app.test_client()
    assert login(client, "canbo.kt", demo["canbo.kt"]).status_code == 302
    with app.app_context():
        propagated = set(
            db.session.execute(
                select(Exemplar.name).where(Exemplar.stage == Stage.PROPAGATED)
            ).scalars()
        )
        others = set(
            db.session.execute(
                select(Exemplar.name).where(Exemplar.stage != Stage.PROPAGATED)
            ).scalars()
        )

    page = text(client.get("/exemplars/honour-board"))

    shown = set(re.findall(r'<h3 class="h5 card-title mb-1">★ (?:<a [^>]*>)?([^<]+)', page))
    assert propagated and shown == propagated
    assert not shown & others
    assert "/QĐ-CĐBP</a>" in page  # each card names the decision that recognised it


def test_the_demo_accounts_find_work_in_their_queues(app, demo):
    head, secretariat = app.test_client(), app.test_client()
    login(head, "truongkhoa", demo["truongkhoa"])
    login(secretariat, "thuongtruc", demo["thuongtruc"])

    unit_queue = text(head.get("/exemplars/?queue=unit"))
    school_queue = text(secretariat.get("/exemplars/?queue=school"))

    assert "Lý Minh Khoa" in unit_queue
    assert "Ngô Thị Kim Liên" in school_queue
