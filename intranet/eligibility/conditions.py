"""Each kind of condition as a function over the candidate's archive, and the verdict they make.

A condition not met says why ("Chưa đủ 3 năm liên tục đạt …, mới có 2021, 2022") and the first
year it could be met if the candidate earns what is missing from next year on.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet.eligibility.archive import Archive, load, load_many
from intranet.eligibility.models import EligibilityRule, Kind
from intranet.eligibility.verdicts import Candidate, Condition, Verdict
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import fold


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _window(rule: EligibilityRule, year: int) -> list[int]:
    last = year - rule.offset
    return list(range(last - max(rule.years, 1) + 1, last + 1))


def _run(
    rule: EligibilityRule, year: int, held: set[int], failed: frozenset[int] = frozenset()
) -> tuple[bool, list[int], int]:
    """(met, the years of the window held, the first year it can be met).

    The years before the candidate's are history; from the candidate's year on, a year not held
    may still be earned (an award not yet decided), unless it is known ``failed`` (a yearly
    result below the floor)."""
    window = _window(rule, year)
    have = [y for y in window if y in held]
    if len(have) == len(window):
        return True, have, year
    first = year
    while any(y not in held and (y < year or y in failed) for y in _window(rule, first)):
        first += 1
    return False, have, first


def consecutive(rule: EligibilityRule, candidate: Candidate, archive: Archive) -> Condition:
    held = archive.held.get(rule.required_id, set())
    met, have, first = _run(rule, candidate.year, held)
    name, n = rule.required.name if rule.required else "?", max(rule.years, 1)
    if n == 1:
        (y,) = _window(rule, candidate.year)
        reason = (
            _("Đạt %(t)s năm %(y)s", t=name, y=y)
            if met
            else _("Chưa đạt %(t)s năm %(y)s", t=name, y=y)
        )
    elif met:
        reason = _("Đạt %(t)s %(n)s năm liên tục (%(ys)s)", t=name, n=n, ys=_years(have))
    else:
        reason = _(
            "Chưa đủ %(n)s năm liên tục đạt %(t)s (%(have)s)",
            n=n,
            t=name,
            have=_("mới có %(ys)s", ys=_years(have)) if have else _("chưa có năm nào"),
        )
    return Condition(met, reason, rule.article, first, rule.id)


def initiative(rule: EligibilityRule, candidate: Candidate, archive: Archive) -> Condition:
    word = fold(rule.keyword or "sáng kiến")
    if candidate.exemplar is not None:
        found = [e for e in archive.evidence if e[0] == candidate.exemplar.id and word in e[2]]
    else:
        found = [e for e in archive.evidence if e[1] == candidate.year and word in e[2]]
    if found:
        reason = _("Có sáng kiến được công nhận: “%(t)s”", t=found[0][3])
        return Condition(True, reason, rule.article, candidate.year, rule.id)
    reason = _(
        "Chưa có sáng kiến được công nhận trong minh chứng năm %(y)s (minh chứng đã được chấp "
        "nhận, có chữ “%(w)s” trong tên)",
        y=candidate.year,
        w=rule.keyword or "sáng kiến",
    )
    # An initiative may still be accepted this year.
    return Condition(False, reason, rule.article, candidate.year, rule.id)


def registered(rule: EligibilityRule, candidate: Candidate, archive: Archive) -> Condition:
    title = rule.title.name
    if (rule.title_id, candidate.year) in archive.registered:
        reason = _("Đã đăng ký thi đua %(t)s năm %(y)s", t=title, y=candidate.year)
        return Condition(True, reason, rule.article, candidate.year, rule.id)
    reason = _("Chưa đăng ký thi đua %(t)s năm %(y)s", t=title, y=candidate.year)
    # Registration is made at the start of the year: the next one.
    return Condition(False, reason, rule.article, candidate.year + 1, rule.id)


def evaluation(rule: EligibilityRule, candidate: Candidate, archive: Archive) -> Condition:
    floor = rule.rating.name if rule.rating else "?"
    limit = rule.rating.position if rule.rating else -1
    good = {y for y, (position, _name) in archive.ratings.items() if position <= limit}
    failed = frozenset(archive.ratings) - good
    met, _have, first = _run(rule, candidate.year, good, failed)
    window, n = _window(rule, candidate.year), max(rule.years, 1)

    def said(y: int) -> str:
        found = archive.ratings.get(y)
        return _("năm %(y)s: %(r)s", y=y, r=found[1] if found else _("chưa có kết quả"))

    results = "; ".join(said(y) for y in window)
    if met and n == 1:
        reason = _("Kết quả đánh giá %(r)s (từ “%(f)s” trở lên)", r=results, f=floor)
    elif met:
        reason = _(
            "Kết quả đánh giá %(n)s năm liên tục từ “%(f)s” trở lên (%(r)s)",
            n=n,
            f=floor,
            r=results,
        )
    elif n == 1:
        reason = _("Kết quả đánh giá chưa đạt “%(f)s” trở lên (%(r)s)", f=floor, r=results)
    else:
        reason = _(
            "Chưa đủ %(n)s năm liên tục có kết quả đánh giá từ “%(f)s” trở lên (%(r)s)",
            n=n,
            f=floor,
            r=results,
        )
    return Condition(met, reason, rule.article, first, rule.id)


KINDS = {
    Kind.CONSECUTIVE: consecutive,
    Kind.INITIATIVE: initiative,
    Kind.REGISTERED: registered,
    Kind.EVALUATION: evaluation,
}


def rules_for(title_ids: Iterable[int]) -> dict[int, list[EligibilityRule]]:
    """{title id: its active rules, in order}, in one query (plus the loads)."""
    ids = list(title_ids)
    found: dict[int, list[EligibilityRule]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (
        select(EligibilityRule)
        .where(EligibilityRule.title_id.in_(ids), EligibilityRule.active.is_(True))
        .order_by(EligibilityRule.title_id, EligibilityRule.position, EligibilityRule.id)
        .options(
            selectinload(EligibilityRule.title),
            selectinload(EligibilityRule.required),
            selectinload(EligibilityRule.rating),
        )
    )
    for rule in db.session.execute(query).scalars():
        found[rule.title_id].append(rule)
    return found


def verdict_of(
    candidate: Candidate, title: CatalogueEntry, rules: list[EligibilityRule], archive: Archive
) -> Verdict:
    conditions = [KINDS[rule.kind](rule, candidate, archive) for rule in rules]
    verdict = Verdict(title=title.name, year=candidate.year, conditions=conditions)
    if not rules:
        verdict.known = False
    elif verdict.eligible:
        verdict.from_year = candidate.year
    else:
        verdict.from_year = max(c.from_year for c in conditions if c.from_year is not None)
    return verdict


def check(candidate: Candidate) -> Verdict:
    if candidate.title_id is None:
        return Verdict(year=candidate.year, known=False)
    title = db.session.get(CatalogueEntry, candidate.title_id)
    rules = rules_for([candidate.title_id])[candidate.title_id]
    return verdict_of(candidate, title, rules, load(candidate))


def check_titles(candidate: Candidate, titles: list[CatalogueEntry]) -> list[Verdict]:
    """The verdict for each of ``titles`` that has rules (the dossier), in constant queries."""
    rules = rules_for(t.id for t in titles)
    archive = load(candidate)
    return [verdict_of(candidate, t, rules[t.id], archive) for t in titles if rules[t.id]]


def check_many(exemplars: list[Exemplar]) -> dict[int, Verdict]:
    """{exemplar id: its verdict} for a list of nominations (an agenda), in constant queries."""
    from intranet.emulation.nominations import proposed_title_ids

    title_ids = proposed_title_ids(exemplars)
    candidates = [_candidate(e, title_ids.get(e.id)) for e in exemplars]
    verdicts = check_candidates(candidates)
    return {e.id: v for e, v in zip(exemplars, verdicts, strict=True)}


def check_candidates(candidates: list[Candidate]) -> list[Verdict]:
    """The verdict of each candidate (each with its own title), in constant queries."""
    wanted = {c.title_id for c in candidates if c.title_id is not None}
    titles = {
        t.id: t
        for t in db.session.execute(
            select(CatalogueEntry).where(CatalogueEntry.id.in_(wanted))
        ).scalars()
    }
    rules = rules_for(wanted)
    verdicts = []
    for candidate, archive in zip(candidates, load_many(candidates), strict=True):
        title = titles.get(candidate.title_id)
        if title is None:
            verdicts.append(Verdict(year=candidate.year, known=False))
        else:
            verdicts.append(verdict_of(candidate, title, rules[title.id], archive))
    return verdicts


def candidate_of(exemplar: Exemplar) -> Candidate:
    """The nomination as a candidate for the title it proposes (its latest bình xét tally,
    else its person's registration that year)."""
    from intranet.emulation.nominations import proposed_title_ids

    return _candidate(exemplar, proposed_title_ids([exemplar]).get(exemplar.id))


def _candidate(exemplar: Exemplar, title_id: int | None) -> Candidate:
    return Candidate(
        subject=exemplar.subject,
        name=exemplar.name,
        unit_id=exemplar.unit_id,
        year=exemplar.year,
        title_id=title_id,
        person_id=exemplar.person_id,
        exemplar=exemplar,
    )


def summary(verdict: Verdict) -> str:
    if not verdict.known:
        return _("Chưa xác định danh hiệu đề nghị hoặc danh hiệu chưa có điều kiện.")
    if verdict.eligible:
        return _("Đủ điều kiện đề nghị %(t)s năm %(y)s", t=verdict.title, y=verdict.year)
    return _(
        "Chưa đủ điều kiện đề nghị %(t)s năm %(y)s; đủ điều kiện đề nghị %(t)s từ năm %(f)s "
        "nếu đạt các điều kiện còn thiếu",
        t=verdict.title,
        y=verdict.year,
        f=verdict.from_year,
    )
