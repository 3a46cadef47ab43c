"""Two writers at once (two app contexts: two sessions on two connections) never fork the chain."""

import threading

from sqlalchemy import func, select

from intranet import audit
from intranet.accounts import services as accounts
from intranet.accounts.models import Unit
from intranet.domain import transaction
from intranet.extensions import db
from tests.audit.conftest import trail

WAIT = 10


def test_a_second_writer_waits_for_the_first_and_chains_after_it(app, users):
    first_holds_lock = threading.Event()
    release_first = threading.Event()
    second_started = threading.Event()
    errors = []

    def first():
        try:
            with app.app_context(), transaction():
                audit.record("download", "evidence", 1, "Người thứ nhất")
                first_holds_lock.set()
                release_first.wait(WAIT)
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
            first_holds_lock.set()

    def second():
        try:
            with app.app_context():
                second_started.set()
                audit.record("download", "evidence", 2, "Người thứ hai")
        except Exception as exc:
            errors.append(exc)

    before = len(trail(app))
    one = threading.Thread(target=first)
    one.start()
    assert first_holds_lock.wait(WAIT)
    two = threading.Thread(target=second)
    two.start()
    assert second_started.wait(WAIT)
    two.join(0.5)
    assert two.is_alive(), "the second writer must wait for the chain's lock"
    release_first.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not errors, errors
    entries = trail(app)[before:]
    assert [e["summary"] for e in entries] == ["Người thứ nhất", "Người thứ hai"]
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    with app.app_context():
        assert audit.verify_chain() == []


def test_many_writers_of_records_keep_one_unbroken_chain(app, users):
    errors = []

    def writer(n: int):
        try:
            with app.app_context():
                for i in range(5):
                    accounts.save_unit(None, f"T{n}X{i}", f"Đơn vị thử {n}.{i}")
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    with app.app_context():
        assert audit.verify_chain() == []
        query = select(func.count()).select_from(Unit).where(Unit.code.like("T%X%"))
        assert db.session.execute(query).scalar() == 20
    created = trail(app, record_type="unit", action="create")
    assert len({e["prev_hash"] for e in created}) == len(created)
