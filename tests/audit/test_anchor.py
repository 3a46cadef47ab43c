"""The trail's end, anchored outside the database: `flask check`, a backup and the worker's daily
job write the head in instance/audit_anchor.json; someone with the database who deletes the last
entries and rewinds the head (a chain that still verifies), or rewrites the last entry, is found
by the next check, and by every check after it."""

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import select, text

from intranet import audit, create_app, tasks
from intranet.audit import anchor
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.audit.conftest import last_seq, tamper, trail
from tests.conftest import TEST_DATABASE_URL, UNITS, USERS
from tests.conftest import _config as base_config


@pytest.fixture
def busy_trail(app, make_document, make_exemplar, login_as):
    """A trail of a dozen entries or more: records made and published, sign-ins."""
    make_document("12/KH-CĐBP", units=["KKT"], attachment=True, publish=True)
    make_exemplar(evidence=True)
    login_as("inspector")
    assert len(trail(app)) >= 10


def check(app, runner, *args):
    with app.app_context():
        return runner.invoke(args=["check", *args])


def written(app) -> dict:
    return json.loads((anchor_file(app)).read_text(encoding="utf-8"))


def anchor_file(app) -> Path:
    return Path(app.instance_path) / "audit_anchor.json"


def head(app) -> tuple[int, str]:
    with app.app_context():
        return audit.head()


def cut_the_end(app, n: int) -> int:
    """Delete the last ``n`` entries past the triggers and rewind the head onto the entry left
    last, as someone with the database would: the chain still verifies. Returns that sequence."""
    last = last_seq(app)
    keep = last - n
    tamper(app, "DELETE FROM audit_entry WHERE seq > :keep", keep=keep)
    [kept] = trail(app, seq=keep)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_head SET seq = :s, last_hash = :h WHERE id = 1"),
            {"s": keep, "h": kept["hash"]},
        )
    with app.app_context():
        assert audit.verify_chain() == []  # what the chain alone cannot see
    return keep


# -- the anchor is written ------------------------------------------------------------------


def test_check_writes_the_head_as_anchor(app, busy_trail, runner):
    assert not anchor_file(app).exists()
    result = check(app, runner)
    assert result.exit_code == 0, result.output
    seq, last_hash = head(app)
    assert written(app)["seq"] == seq and written(app)["hash"] == last_hash
    assert f"Đã ghi mốc nhật ký (mục số {seq})" in result.output
    assert not list(anchor_file(app).parent.glob("*.part"))  # written whole, then renamed


def test_a_backup_writes_the_anchor_and_carries_it_in_its_manifest(
    app, busy_trail, runner, tmp_path
):
    archive = tmp_path / "sao-luu.tar.gz"
    with app.app_context():
        result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    seq, last_hash = head(app)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["audit_anchor"]["seq"] == seq
    assert manifest["audit_anchor"]["hash"] == last_hash
    assert manifest["audit_problems"] == []
    assert written(app)["seq"] == seq and written(app)["hash"] == last_hash


def test_the_daily_job_writes_the_anchor(app, busy_trail):
    tasks.bind(app)
    tasks.daily.call_local()
    seq, last_hash = head(app)
    assert written(app)["seq"] == seq and written(app)["hash"] == last_hash


# -- the end cut, or rewritten ---------------------------------------------------------------


def test_the_end_cut_and_the_head_rewound_fails_check(app, busy_trail, runner):
    assert check(app, runner).exit_code == 0
    anchored = written(app)
    keep = cut_the_end(app, 3)

    result = check(app, runner)
    assert result.exit_code == 1
    assert (
        f"LỖI: Nhật ký: mục số {anchored['seq']} không còn, trong khi mốc ghi ngoài cơ sở dữ "
        f"liệu (audit_anchor.json, ghi lúc" in result.output
    )
    assert f"nhật ký hiện chỉ đến số {keep}: phần cuối đã bị xoá." in result.output
    assert written(app) == anchored  # the anchor stays: the next check fails as well
    assert check(app, runner).exit_code == 1


def test_the_end_cut_then_grown_again_past_the_anchor_fails_check(
    app, busy_trail, runner, login_as
):
    assert check(app, runner).exit_code == 0
    anchored = written(app)
    cut_the_end(app, 2)
    for _ in range(3):  # new entries take the numbers of the deleted ones, and one more
        login_as("staff")
    assert head(app)[0] > anchored["seq"]
    with app.app_context():
        assert audit.verify_chain() == []
    result = check(app, runner)
    assert result.exit_code == 1
    assert (
        f"LỖI: Nhật ký: mục số {anchored['seq']} không còn giống mốc ghi ngoài cơ sở dữ liệu"
        in result.output
    )
    assert "nhật ký đã bị viết lại" in result.output


def test_the_last_entry_rewritten_with_its_hash_and_head_fails_check(app, busy_trail, runner):
    assert check(app, runner).exit_code == 0
    seq = written(app)["seq"]
    with app.app_context():
        row = db.session.execute(select(AuditEntry).filter_by(seq=seq)).scalar_one()
        forged = {c.name: getattr(row, c.name) for c in AuditEntry.__table__.columns}
        forged["summary"] = "Không có gì xảy ra"
        new_hash = audit.chain.entry_hash(forged)
    tamper(
        app,
        "UPDATE audit_entry SET summary = 'Không có gì xảy ra', hash = :h WHERE seq = :s",
        h=new_hash,
        s=seq,
    )
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": new_hash})
    with app.app_context():
        assert audit.verify_chain() == []  # a forgery the chain alone cannot see
    result = check(app, runner)
    assert result.exit_code == 1
    assert f"LỖI: Nhật ký: mục số {seq} không còn giống mốc" in result.output


def test_an_altered_entry_fails_check_and_keeps_the_anchor(app, busy_trail, runner, login_as):
    assert check(app, runner).exit_code == 0
    anchored = written(app)
    login_as("staff")
    tamper(app, "UPDATE audit_entry SET summary = 'x' WHERE seq = :s", s=anchored["seq"] - 1)
    result = check(app, runner)
    assert result.exit_code == 1
    assert f"LỖI: Nhật ký: mục số {anchored['seq'] - 1} đã bị sửa" in result.output
    assert written(app) == anchored  # not moved onto a broken trail


def test_after_a_legitimate_new_entry_check_passes_and_the_anchor_moves(
    app, busy_trail, runner, login_as
):
    assert check(app, runner).exit_code == 0
    before = written(app)["seq"]
    login_as("staff")
    result = check(app, runner)
    assert result.exit_code == 0, result.output
    assert written(app)["seq"] == head(app)[0] > before


def test_an_unreadable_anchor_fails_check_and_is_not_overwritten(app, busy_trail, runner):
    anchor_file(app).write_text("{không phải json", encoding="utf-8")
    result = check(app, runner)
    assert result.exit_code == 1
    assert "LỖI: Nhật ký: không đọc được mốc" in result.output
    assert anchor_file(app).read_text(encoding="utf-8") == "{không phải json"


# -- restore installs the backup's anchor ----------------------------------------------------


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="two instances side by side: SQLite files")
def test_restore_installs_the_backups_anchor(tmp_path, schema_template):
    def instance(name):
        """An app of its own folder; started again on the same folder when named again."""
        root = tmp_path / name
        if not root.exists():
            root.mkdir()
            shutil.copyfile(schema_template, root / "intranet.sqlite3")
        config = base_config(root, f"sqlite:///{root / 'intranet.sqlite3'}")
        return create_app(config, instance_path=str(root / "instance"))

    source = instance("source")
    from intranet.accounts import services

    with source.app_context():
        units = {code: services.save_unit(None, code, name) for code, name in UNITS.items()}
        username, unit, roles = USERS["staff"]
        services.create_user(username, username, units[unit], roles, "mat-khau-dai-du")
        backed_up = audit.head()
    archive = tmp_path / "sao-luu.tar.gz"
    assert source.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0

    target = instance("target")
    with target.app_context():
        anchor.write(anchor.make(99, "ab" * 32))  # whatever this instance had anchored before
    result = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    installed = json.loads((tmp_path / "target/instance/audit_anchor.json").read_text())
    assert (installed["seq"], installed["hash"]) == backed_up
    restored = instance("target")  # the app restarted on the restored instance
    result = restored.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 0, result.output
