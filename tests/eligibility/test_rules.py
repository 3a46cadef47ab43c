"""Every rule of the seeded catalogue, met and not met, with its reason and its article."""

from sqlalchemy import select

from intranet.eligibility import Candidate, check, check_candidate
from intranet.eligibility.archive import load
from intranet.eligibility.conditions import KINDS
from intranet.eligibility.models import EligibilityRule, Kind
from intranet.eligibility.seed import RULES
from intranet.exemplars.catalogues import Applies, CatalogueEntry
from intranet.exemplars.models import Exemplar, Subject
from intranet.extensions import db
from tests.eligibility.conftest import YEAR

# Who registered for which title in 2024 (the fixture's world).
REGISTERED = {
    "Lao động tiên tiến": ("person", "staff"),
    "Chiến sĩ thi đua cơ sở": ("person", "unit_head"),
    "Tập thể lao động tiên tiến": ("unit", "KCNTT"),
    "Tập thể lao động xuất sắc": ("unit", "KKT"),
}


def _candidate(world, kind: str, key: str, title_id: int, year: int = YEAR) -> Candidate:
    if kind == "unit":
        return Candidate(Subject.COLLECTIVE, key, world.units[key], year, title_id)
    from intranet.accounts.models import User

    user = db.session.get(User, world.people[key])
    return Candidate(
        Subject.INDIVIDUAL, user.full_name, user.unit_id, year, title_id, person_id=user.id
    )


def _holder(world, rule: EligibilityRule) -> Candidate:
    """The candidate of the world who meets ``rule``."""
    if rule.kind == Kind.REGISTERED:
        return _candidate(world, *REGISTERED[rule.title.name], rule.title_id)
    if rule.title.applies_to == Applies.COLLECTIVE:
        return _candidate(world, "unit", "KCNTT", rule.title_id)
    return _candidate(world, "person", "staff", rule.title_id)


def _stranger(world, rule: EligibilityRule) -> Candidate:
    """A candidate with an empty archive."""
    if rule.title.applies_to == Applies.COLLECTIVE:
        return _candidate(world, "unit", "HCTC", rule.title_id)
    return _candidate(world, "person", "other_staff", rule.title_id)


def _years(rule) -> str:
    return ", ".join(str(y) for y in range(YEAR - rule.years + 1, YEAR + 1))


def expected(rule: EligibilityRule, met: bool) -> str:
    """The reason the page gives, written out from the rule."""
    title, n = rule.title.name, rule.years
    if rule.kind == Kind.CONSECUTIVE:
        required = rule.required.name
        if n == 1:
            return f"{'Đạt' if met else 'Chưa đạt'} {required} năm {YEAR}"
        if met:
            return f"Đạt {required} {n} năm liên tục ({_years(rule)})"
        return f"Chưa đủ {n} năm liên tục đạt {required} (chưa có năm nào)"
    if rule.kind == Kind.REGISTERED:
        return f"{'Đã' if met else 'Chưa'} đăng ký thi đua {title} năm {YEAR}"
    if rule.kind == Kind.INITIATIVE:
        if met:
            return "Có sáng kiến được công nhận: “Sáng kiến: chấm bài thực hành tự động”"
        return (
            f"Chưa có sáng kiến được công nhận trong minh chứng năm {YEAR} (minh chứng đã được "
            f"chấp nhận, có chữ “{rule.keyword}” trong tên)"
        )
    floor = rule.rating.name
    window = range(YEAR - n + 1, YEAR + 1)
    if met:
        results = "; ".join(f"năm {y}: Hoàn thành xuất sắc" for y in window)
        if n == 1:
            return f"Kết quả đánh giá {results} (từ “{floor}” trở lên)"
        return f"Kết quả đánh giá {n} năm liên tục từ “{floor}” trở lên ({results})"
    results = "; ".join(f"năm {y}: chưa có kết quả" for y in window)
    if n == 1:
        return f"Kết quả đánh giá chưa đạt “{floor}” trở lên ({results})"
    return f"Chưa đủ {n} năm liên tục có kết quả đánh giá từ “{floor}” trở lên ({results})"


def test_every_seeded_rule_is_met_by_its_holder_and_not_by_a_stranger(app, world):
    with app.app_context():
        rules = db.session.execute(select(EligibilityRule)).scalars().all()
        seeded = sum(len(conditions) for conditions in RULES.values())
        assert len(rules) == seeded == 16
        for rule in rules:
            holder, stranger = _holder(world, rule), _stranger(world, rule)
            met = KINDS[rule.kind](rule, holder, load(holder))
            unmet = KINDS[rule.kind](rule, stranger, load(stranger))

            assert (met.met, met.reason) == (True, expected(rule, True)), rule.title.name
            assert (unmet.met, unmet.reason) == (False, expected(rule, False)), rule.title.name
            assert met.article == unmet.article == rule.article
            assert "Luật Thi đua, khen thưởng 2022, Điều" in rule.article


def test_every_seeded_title_has_a_verdict_with_the_year_it_becomes_eligible(app, world):
    with app.app_context():
        titles = db.session.execute(
            select(CatalogueEntry).where(CatalogueEntry.id.in_(select(EligibilityRule.title_id)))
        ).scalars()
        for title in titles:
            if title.applies_to == Applies.COLLECTIVE:
                stranger = _candidate(world, "unit", "HCTC", title.id)
            else:
                stranger = _candidate(world, "person", "other_staff", title.id)
            verdict = check_candidate(stranger)

            assert not verdict.eligible and verdict.from_year is not None, title.name
            assert verdict.from_year >= YEAR
            assert verdict.summary.startswith(f"Chưa đủ điều kiện đề nghị {title.name} năm 2024")
            assert f"đủ điều kiện đề nghị {title.name} từ năm {verdict.from_year}" in (
                verdict.summary
            )


def test_a_chain_one_year_short_says_which_years_it_has_and_when_it_can_be_proposed(
    app, world, catalogue
):
    province = catalogue("title", "Chiến sĩ thi đua cấp tỉnh")
    national = catalogue("title", "Chiến sĩ thi đua toàn quốc")
    with app.app_context():
        next_year = check_candidate(_candidate(world, "person", "staff", province, 2025))
        now = check_candidate(_candidate(world, "person", "staff", national))
        later = check_candidate(_candidate(world, "person", "staff", national, 2027))

    (condition,) = next_year.conditions
    assert not condition.met
    assert condition.reason == (
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (mới có 2023, 2024)"
    )
    assert condition.article == "Luật Thi đua, khen thưởng 2022, Điều 22"
    # 2025 may still be earned: proposable in 2025 once its Chiến sĩ thi đua cơ sở is decided
    assert next_year.from_year == 2025
    assert now.eligible and now.from_year == 2024
    assert now.summary == "Đủ điều kiện đề nghị Chiến sĩ thi đua toàn quốc năm 2024"
    # 2025 and 2026 are gone by 2027 without the title: the chain starts again
    assert not later.eligible and later.from_year == 2028


def test_a_nomination_is_checked_for_the_title_it_proposes(app, world):
    with app.app_context():
        verdict = check(db.session.get(Exemplar, world.exemplar))

    assert verdict.title == "Lao động tiên tiến"
    assert verdict.eligible and verdict.from_year == YEAR
    assert [c.met for c in verdict.conditions] == [True, True]
    assert verdict.conditions[1].reason == (
        "Kết quả đánh giá năm 2024: Hoàn thành xuất sắc (từ “Hoàn thành tốt” trở lên)"
    )


def test_a_bad_yearly_result_is_known_and_moves_the_year_on(app, world, catalogue):
    """A result below the floor is not "still to come": the chain restarts after it."""
    from intranet.accounts.models import User
    from intranet.emulation import services as emulation
    from intranet.emulation.models import Rating

    form = catalogue("form", "Bằng khen của Chủ tịch UBND tỉnh")
    with app.app_context():
        head = db.session.get(User, world.people["unit_head"])
        staff = db.session.get(User, world.people["staff"])
        plain = db.session.execute(select(Rating.id).filter_by(name="Hoàn thành")).scalar_one()
        emulation.record_round(head, 2024, 0, [emulation.Result(staff.id, plain)])
        verdict = check_candidate(_candidate(world, "person", "staff", form))

    assert not verdict.eligible
    assert verdict.conditions[0].reason == (
        "Chưa đủ 2 năm liên tục có kết quả đánh giá từ “Hoàn thành xuất sắc” trở lên "
        "(năm 2023: Hoàn thành xuất sắc; năm 2024: Hoàn thành)"
    )
    assert verdict.from_year == 2026


def test_many_nominations_are_checked_in_the_same_number_of_queries_as_one(app, world):
    from sqlalchemy import event

    from intranet.eligibility import check_many

    with app.app_context():
        nominations = db.session.execute(select(Exemplar).order_by(Exemplar.id)).scalars().all()
        counted = []

        def count(_conn, _cursor, statement, *_args):
            counted.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            one = check_many(nominations[:1])
            queries_for_one = len(counted)
            counted.clear()
            both = check_many(nominations)
            queries_for_both = len(counted)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)

    assert len(nominations) == 2 and queries_for_both <= queries_for_one
    assert one[world.exemplar].eligible and both[world.exemplar].eligible
    named = both[nominations[1].id]
    # the named person proposes no title (no tally, no account to register with)
    assert not named.known and not named.eligible


def test_candidates_each_with_their_own_title_are_checked_together(app, world, catalogue):
    from intranet.eligibility import check_candidates

    province = catalogue("title", "Chiến sĩ thi đua cấp tỉnh")
    flag = catalogue("title", "Cờ thi đua của Chính phủ")
    with app.app_context():
        verdicts = check_candidates(
            [
                _candidate(world, "person", "staff", province),
                _candidate(world, "person", "other_staff", province),
                _candidate(world, "unit", "KCNTT", flag),
                _candidate(world, "unit", "HCTC", None),
            ]
        )

    assert [v.eligible for v in verdicts] == [True, False, True, False]
    assert verdicts[2].conditions[0].reason == (
        "Đạt Cờ thi đua của Ủy ban nhân dân tỉnh 2 năm liên tục (2023, 2024)"
    )
    assert not verdicts[3].known
