"""The hash chain: intact after a normal run, and `check` finds an entry removed or altered in the
database, a cut-off tail, and a changed actor."""

from itertools import pairwise

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from intranet import audit
from intranet.accounts.models import User
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.audit.conftest import last_seq, tamper, trail


@pytest.fixture
def busy_trail(app, make_document, make_exemplar, login_as):
    """A trail of every kind of entry: records made, published, downloaded, signed in and out."""
    make_document("12/KH-CĐBP", units=["KKT"], attachment=True, publish=True)
    make_document("13/KH-CĐBP")
    make_exemplar(evidence=True)
    login_as("inspector")
    assert len(trail(app)) >= 10


def problems(app) -> list[str]:
    with app.app_context():
        return audit.verify_chain()


def check(app, runner):
    """`flask check`, which the real command line runs in an app context."""
    with app.app_context():
        return runner.invoke(args=["check"])


def audit_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if "Nhật ký" in line]


def test_the_chain_verifies_after_a_normal_run(app, busy_trail, runner):
    assert problems(app) == []
    seqs = [e["seq"] for e in trail(app)]
    assert seqs == list(range(1, len(seqs) + 1))
    entries = trail(app)
    assert all(b["prev_hash"] == a["hash"] for a, b in pairwise(entries))
    result = check(app, runner)
    assert not any("LỖI" in line for line in audit_lines(result)), result.output
    assert f"Nhật ký: {seqs[-1]} mục" in result.output


def test_check_finds_a_deleted_entry(app, busy_trail, runner):
    tamper(app, "DELETE FROM audit_entry WHERE seq = 5")
    assert problems(app) == ["Nhật ký: thiếu mục số 5 (đã bị xoá khỏi cơ sở dữ liệu)."]
    result = check(app, runner)
    assert result.exit_code == 1
    assert "LỖI: Nhật ký: thiếu mục số 5" in result.output


def test_check_finds_an_altered_entry(app, busy_trail, runner):
    tamper(app, "UPDATE audit_entry SET summary = 'Không có gì' WHERE seq = 3")
    assert problems(app) == ["Nhật ký: mục số 3 đã bị sửa (mã băm không khớp)."]
    result = check(app, runner)
    assert result.exit_code == 1
    assert "LỖI: Nhật ký: mục số 3 đã bị sửa" in result.output


def test_an_altered_entry_with_a_recomputed_hash_breaks_the_next_link(app, busy_trail):
    with app.app_context():
        row = db.session.execute(select(AuditEntry).filter_by(seq=4)).scalar_one()
        forged = {c.name: getattr(row, c.name) for c in AuditEntry.__table__.columns}
        forged["summary"] = "Giả mạo"
        new_hash = audit.chain.entry_hash(forged)
    tamper(
        app,
        "UPDATE audit_entry SET summary = 'Giả mạo', hash = :h WHERE seq = 4",
        h=new_hash,
    )
    assert problems(app) == ["Nhật ký: mục số 5 không nối với mục trước (chuỗi bị cắt ghép)."]


def test_check_finds_a_cut_off_tail(app, busy_trail, runner):
    last = last_seq(app)
    tamper(app, "DELETE FROM audit_entry WHERE seq >= :s", s=last - 1)
    assert problems(app) == [f"Nhật ký: thiếu các mục cuối, số {last - 1} đến {last} (đã bị xoá)."]
    assert check(app, runner).exit_code == 1


def test_check_finds_an_entry_given_to_another_person(app, busy_trail, users):
    [signed_in] = trail(app, action="sign_in", actor_username="kiemtra")
    tamper(
        app,
        "UPDATE audit_entry SET actor_id = :other WHERE seq = :s",
        other=users["staff"],
        s=signed_in["seq"],
    )
    assert problems(app) == [f"Nhật ký: mục số {signed_in['seq']} đã bị đổi người thực hiện."]


def test_the_database_refuses_to_change_or_delete_an_entry(app, busy_trail):
    for statement in (
        "UPDATE audit_entry SET summary = 'x' WHERE seq = 1",
        "DELETE FROM audit_entry WHERE seq = 1",
    ):
        with app.app_context(), pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text(statement))
    assert problems(app) == []


def test_deleting_a_user_keeps_their_entries_and_the_chain(app, users, login_as):
    login_as("other_staff")
    with app.app_context():
        db.session.delete(db.session.get(User, users["other_staff"]))
        db.session.commit()
    [entry] = trail(app, action="sign_in")
    assert entry["actor_name"] == "canbo.kt"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert entry["actor_id"] is None  # ON DELETE SET NULL, let through by the trigger
    assert [e["action"] for e in trail(app, record_type="user", record_id=users["other_staff"])][
        -1
    ] == "delete"
    assert problems(app) == []
