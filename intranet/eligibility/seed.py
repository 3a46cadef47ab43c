"""The rules of the law, seeded as data (Luật Thi đua, khen thưởng 2022 — Luật số
06/2022/QH15 — and Nghị định 98/2023/NĐ-CP); the secretariat edits them afterwards.

Each row: (title or form, kind, required title/form, rating, years, offset, keyword, article).
"""

from sqlalchemy import select

from intranet.domain import transaction
from intranet.eligibility.models import EligibilityRule, Kind
from intranet.emulation.models import Rating
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db

LAW = "Luật Thi đua, khen thưởng 2022"
DECREE = "Nghị định 98/2023/NĐ-CP"
LDTT = "Lao động tiên tiến"
CSTDCS = "Chiến sĩ thi đua cơ sở"
CSTD_TINH = "Chiến sĩ thi đua cấp tỉnh"
TTLDTT = "Tập thể lao động tiên tiến"
TTLDXS = "Tập thể lao động xuất sắc"
GOOD = "Hoàn thành tốt"
EXCELLENT = "Hoàn thành xuất sắc"

# (group, name): [(kind, (group, required) | None, rating | None, years, offset, keyword, article)]
RULES = {
    (Group.TITLE, LDTT): [
        (Kind.REGISTERED, None, None, 1, 0, "", f"{LAW}, Điều 24; {DECREE}, Điều 4"),
        (Kind.EVALUATION, None, GOOD, 1, 0, "", f"{LAW}, Điều 24, khoản 1, điểm a"),
    ],
    (Group.TITLE, CSTDCS): [
        (Kind.REGISTERED, None, None, 1, 0, "", f"{LAW}, Điều 23; {DECREE}, Điều 4"),
        (Kind.CONSECUTIVE, (Group.TITLE, LDTT), None, 1, 0, "", f"{LAW}, Điều 23"),
        (Kind.INITIATIVE, None, None, 1, 0, "sáng kiến", f"{LAW}, Điều 23; {DECREE}, Điều 6"),
    ],
    (Group.TITLE, CSTD_TINH): [
        (Kind.CONSECUTIVE, (Group.TITLE, CSTDCS), None, 3, 0, "", f"{LAW}, Điều 22"),
    ],
    (Group.TITLE, "Chiến sĩ thi đua cấp bộ"): [
        (Kind.CONSECUTIVE, (Group.TITLE, CSTDCS), None, 3, 0, "", f"{LAW}, Điều 22"),
    ],
    (Group.TITLE, "Chiến sĩ thi đua toàn quốc"): [
        (Kind.CONSECUTIVE, (Group.TITLE, CSTD_TINH), None, 2, 0, "", f"{LAW}, Điều 21"),
    ],
    (Group.TITLE, TTLDTT): [
        (Kind.REGISTERED, None, None, 1, 0, "", f"{LAW}, Điều 28"),
    ],
    (Group.TITLE, TTLDXS): [
        (Kind.REGISTERED, None, None, 1, 0, "", f"{LAW}, Điều 27"),
        (Kind.CONSECUTIVE, (Group.TITLE, TTLDTT), None, 1, 0, "", f"{LAW}, Điều 27"),
    ],
    (Group.TITLE, "Cờ thi đua của Ủy ban nhân dân tỉnh"): [
        (Kind.CONSECUTIVE, (Group.TITLE, TTLDXS), None, 1, 0, "", f"{LAW}, Điều 26"),
    ],
    (Group.TITLE, "Cờ thi đua của Chính phủ"): [
        (
            Kind.CONSECUTIVE,
            (Group.TITLE, "Cờ thi đua của Ủy ban nhân dân tỉnh"),
            None,
            2,
            0,
            "",
            f"{LAW}, Điều 25",
        ),
    ],
    (Group.FORM, "Giấy khen"): [
        (Kind.EVALUATION, None, GOOD, 1, 0, "", f"{LAW}, Điều 74; {DECREE}, Điều 40"),
    ],
    (Group.FORM, "Bằng khen của Chủ tịch UBND tỉnh"): [
        (Kind.EVALUATION, None, EXCELLENT, 2, 0, "", f"{LAW}, Điều 72; {DECREE}, Điều 38"),
    ],
    (Group.FORM, "Bằng khen của Thủ tướng Chính phủ"): [
        (Kind.CONSECUTIVE, (Group.TITLE, CSTDCS), None, 2, 0, "", f"{LAW}, Điều 71"),
    ],
}


def rows(entries: dict[tuple[str, str], int], ratings: dict[str, int]) -> list[dict]:
    """The seed as rows, given {(group, name): id} and {rating name: id}; rules whose title,
    required entry or rating is missing are left out."""
    out = []
    for (group, name), conditions in RULES.items():
        title_id = entries.get((str(group), name))
        if title_id is None:
            continue
        for position, (kind, required, rating, years, offset, keyword, article) in enumerate(
            conditions
        ):
            required_id = entries.get((str(required[0]), required[1])) if required else None
            rating_id = ratings.get(rating) if rating else None
            if (required and required_id is None) or (rating and rating_id is None):
                continue
            out.append(
                {
                    "title_id": title_id,
                    "kind": kind.value,
                    "required_id": required_id,
                    "rating_id": rating_id,
                    "years": years,
                    "offset": offset,
                    "keyword": keyword,
                    "article": article,
                    "position": position,
                    "active": True,
                }
            )
    return out


def seed() -> None:
    """Add the law's rules for titles that have none yet; never changes an edited rule."""
    from intranet.emulation.services import seed_ratings

    seed_ratings()
    entries = {
        (str(g), n): i
        for g, n, i in db.session.execute(
            select(CatalogueEntry.group, CatalogueEntry.name, CatalogueEntry.id)
        )
    }
    ratings = dict(db.session.execute(select(Rating.name, Rating.id)).all())
    ruled = set(db.session.execute(select(EligibilityRule.title_id)).scalars())
    with transaction():
        for row in rows(entries, ratings):
            if row["title_id"] not in ruled:
                db.session.add(EligibilityRule(**{**row, "kind": Kind(row["kind"])}))
