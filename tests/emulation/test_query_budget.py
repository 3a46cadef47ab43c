"""The lists of the emulation year run as many queries for many rows as for few."""

from sqlalchemy import event

from intranet.accounts.models import Role
from intranet.emulation import queries, services
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD
from tests.emulation.conftest import YEAR, minutes, rating_id, user

PAGES = (
    f"/thi-dua/dang-ky?year={YEAR}",
    f"/thi-dua/danh-gia?year={YEAR}",
    f"/api/v1/registrations?year={YEAR}&per_page=100",
    f"/api/v1/evaluations?year={YEAR}&per_page=100",
)


def _year_of(app, people, catalogue, count: int) -> None:
    """``count`` more KCNTT staff, each registered and evaluated for a quarter."""
    with app.app_context():
        start = len(services.ratings()) * 1000 + count * 100 + len(people)
        extra = {
            f"p{start + i}": (f"nguoi{start + i}", "KCNTT", (Role.STAFF,), f"Người {start + i}")
            for i in range(count)
        }
        ids = factories.add_people({}, extra, PASSWORD)
        title = factories.catalogue_id("title", "Lao động tiên tiến")
        for person_id in ids.values():
            services.register(user(person_id), YEAR, title, "Dạy tốt")
        head = user(people["unit_head"])
        services.confirm(queries.pending(head, YEAR), head)
        good = rating_id("Hoàn thành tốt")
        results = [services.Result(i, good, "Tốt") for i in ids.values()]
        quarter = 1 if count < 5 else 2
        services.record_round(head, YEAR, quarter, results, minutes())


def _counts(app, client) -> dict[str, int]:
    counts = {}
    seen = {"n": 0}

    def count(*_args):
        seen["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for path in PAGES:
            client.get(path)
            seen["n"] = 0
            assert client.get(path).status_code == 200, path
            counts[path] = seen["n"]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counts


def test_the_lists_do_not_grow_with_their_rows(app, people, catalogue, login):
    client = login("unit_head")
    _year_of(app, people, catalogue, 2)
    few = _counts(app, client)
    _year_of(app, people, catalogue, 12)
    assert _counts(app, client) == few
