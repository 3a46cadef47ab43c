"""The dashboard, the unit's annual report and the province's export count the activities (by
channel), stories and adoptions per unit and year, in a number of queries that does not grow."""

from datetime import date

from sqlalchemy import event

from intranet.accounts.models import User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.propagation import services
from intranet.propagation.models import Channel
from intranet.propagation.queries import tallies
from intranet.supervision import dashboard, exports
from tests import factories
from tests.conftest import unit_id


def _spread(app, people, exemplar_id: int, activities: int) -> None:
    """``activities`` activities of 2024 by KCNTT, one of 2025; a story published in 2025; an
    adoption by KKT in 2025."""
    with app.app_context():
        get = lambda key: db.session.get(User, people[key])  # noqa: E731
        exemplar = db.session.get(Exemplar, exemplar_id)
        channels = ["meeting", "board", "bulletin"]
        for i in range(activities):
            factories.activity(
                exemplar, get("unit_head"), channels[i % 3], on=date(2024, 10, 1 + i % 28)
            )
        factories.activity(exemplar, get("secretariat"), "press", on=date(2025, 2, 1))
        app.config["TODAY"] = date(2025, 6, 1)
        story = services.save_story(None, exemplar, get("unit_head"), "Người thầy", "Đoạn một.")
        services.publish_story(story, get("secretariat"))
        draft = services.save_story(None, exemplar, get("unit_head"), "Bản nháp", "Chưa đăng.")
        assert draft.status.value == "draft"
        services.record_adoption(exemplar, get("kkt_head"), "Cách làm", date(2025, 3, 3), "Tốt")


def test_the_dashboard_counts_activities_stories_and_adoptions_per_unit_and_year(
    app, people, recognised, sign_in
):
    _spread(app, people, recognised, 2)
    kcntt, kkt = unit_id(app, "KCNTT"), unit_id(app, "KKT")
    with app.app_context():
        board = dashboard.build(db.session.get(User, people["secretariat"]), [2024, 2025])
        cells = {(r.unit.id, y): c for r in board.rows for y, c in r.cells.items()}
        mine_2024, mine_2025 = cells[(kcntt, 2024)].spread, cells[(kcntt, 2025)].spread
        assert mine_2024.by_channel == {Channel.MEETING: 1, Channel.BOARD: 1}
        assert (mine_2024.activities, mine_2024.propagated, mine_2024.stories) == (2, 1, 0)
        assert (mine_2025.activities, mine_2025.stories, mine_2025.adopted_from) == (1, 1, 1)
        assert cells[(kkt, 2025)].spread.adoptions == 1
        assert cells[(kkt, 2025)].spread.propagated == 0
        assert board.spread_total(2025, "stories") == 1  # the draft is not counted
    page = sign_in("secretariat").get("/supervision/").get_data(as_text=True)
    assert f'data-spread="{kcntt}-2024"' in page and "Tuyên truyền 2" in page


def test_the_annual_report_and_the_province_export_list_them(app, people, recognised, sign_in):
    _spread(app, people, recognised, 2)
    with app.app_context():
        head = db.session.get(User, people["unit_head"])
        report = factories.unit_report("KCNTT", 2024, head, "Báo cáo năm 2024")
        report_id = report.id
        listing = exports.school_listing(2025)
        kinds = [row[3] for row in listing.spread]
        assert kinds == ["Bài báo", "Nhân rộng"]
        assert len(exports.unit_listing(report.unit, 2024).spread) == 2
        assert exports.to_xlsx(listing)[:2] == b"PK"
    page = sign_in("secretariat").get(f"/supervision/reports/view/{report_id}")
    text = page.get_data(as_text=True)
    assert '<td class="text-end" data-count="activities">2</td>' in text
    assert "Báo cáo điển hình tại hội nghị đơn vị/trường" in text


def _statements(app, work) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            work()
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_the_counts_and_the_exemplar_page_take_the_same_queries_with_more_rows(
    app, people, recognised, sign_in
):
    _spread(app, people, recognised, 2)
    client = sign_in("other_staff")
    units = lambda: [unit_id(app, c) for c in ("KCNTT", "KKT")]  # noqa: E731
    ids = units()

    def count_all():
        tallies(ids, [2024, 2025])

    before = (
        _statements(app, count_all),
        _statements(app, lambda: client.get(f"/propagation/exemplar/{recognised}")),
    )
    _spread(app, people, recognised, 12)
    after = (
        _statements(app, count_all),
        _statements(app, lambda: client.get(f"/propagation/exemplar/{recognised}")),
    )
    assert before == after and before[1] > 3
