"""The audit trail's end cut on a running instance: someone with the database deletes the last
entries past the append-only trigger and rewinds ``audit_head``, so the chain still verifies;
``flask check`` fails, naming the anchored entry that is gone, and keeps failing as the trail
grows again."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intranet.audit.models import TRIGGER, append_only_ddl
from tests.resilience.figures import report
from tests.resilience.live import LOADERS, PG_URL

CUT = 4


def sign_in_everyone(live) -> None:
    """Each loader signs in (an entry each) and opens a page: the server answers as before."""
    for username in LOADERS:
        assert live.client(username).get("/").status_code == 200


def cut_the_end(live, n: int) -> int:
    """As an intruder with the database would: triggers off, the last ``n`` entries deleted, the
    head rewound onto the entry left last, triggers back on. Returns that entry's number."""
    dialect = "postgresql" if PG_URL else "sqlite"
    with live.engine.begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_entry")).scalar()
        keep = last - n
        if dialect == "postgresql":
            conn.execute(text(f"ALTER TABLE audit_entry DISABLE TRIGGER {TRIGGER}"))
        else:
            conn.execute(text(f"DROP TRIGGER {TRIGGER}_update"))
            conn.execute(text(f"DROP TRIGGER {TRIGGER}_delete"))
        conn.execute(text("DELETE FROM audit_entry WHERE seq > :keep"), {"keep": keep})
        kept_hash = conn.execute(
            text("SELECT hash FROM audit_entry WHERE seq = :keep"), {"keep": keep}
        ).scalar()
        conn.execute(
            text("UPDATE audit_head SET seq = :s, last_hash = :h WHERE id = 1"),
            {"s": keep, "h": kept_hash},
        )
        if dialect == "postgresql":
            conn.execute(text(f"ALTER TABLE audit_entry ENABLE TRIGGER {TRIGGER}"))
        else:
            for statement in append_only_ddl(dialect):
                conn.execute(text(statement))
    return keep


@pytest.mark.slow
def test_the_audit_end_cut_fails_check(make_live):
    live = make_live().start(worker=False)
    sign_in_everyone(live)  # entries of the running server
    code, output = live.check()
    assert code == 0, output
    anchored = json.loads((live.instance / "audit_anchor.json").read_text(encoding="utf-8"))
    assert anchored["seq"] == live.scalar("SELECT seq FROM audit_head")

    sign_in_everyone(live)  # entries the anchor has not seen, about to be cut with it
    with pytest.raises(DBAPIError), live.engine.begin() as conn:  # the trigger, left on
        conn.execute(text("DELETE FROM audit_entry WHERE seq = :s"), {"s": anchored["seq"]})
    head = live.scalar("SELECT seq FROM audit_head")
    assert head > anchored["seq"]
    # What the document added, and the last CUT entries the anchor had seen.
    keep = cut_the_end(live, head - anchored["seq"] + CUT)
    assert keep == anchored["seq"] - CUT

    code_cut, output_cut = live.check()
    # The trail grows again past the anchor, under the same numbers: still found.
    for _ in range(CUT):
        sign_in_everyone(live)
    grown = live.scalar("SELECT seq FROM audit_head")
    code_grown, output_grown = live.check()
    report(
        "audit end cut",
        anchored=anchored["seq"],
        cut_to=keep,
        check_exit=code_cut,
        grown_to=grown,
        check_exit_after_growth=code_grown,
    )
    assert code_cut == 1
    assert f"LỖI: Nhật ký: mục số {anchored['seq']} không còn" in output_cut
    assert f"nhật ký hiện chỉ đến số {keep}: phần cuối đã bị xoá." in output_cut
    assert code_grown == 1
    assert grown > anchored["seq"]  # the anchored number is taken again, by another entry
    assert f"LỖI: Nhật ký: mục số {anchored['seq']} không còn giống mốc" in output_grown
