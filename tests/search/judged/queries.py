"""The judged queries: what an inspector types, the records that answer it, and the ones that
MUST come first.

Grades: 3 the record asked for, 2 highly relevant, 1 relevant, absent 0. ``first``: these
records, in any order, must fill the top places (the build fails otherwise). Judged by reading
the corpus (corpus.py), before looking at any ranking.
"""

from dataclasses import dataclass, field

PLAN = {"document:36": 3, "file:361": 3, "file:362": 3, "file:363": 3}
PLAN_FIRST = ("document:36", "file:361", "file:362", "file:363")
# Records linked to the plan (implementing it, citing it as their basis): right after it.
LINKED = {"document:5": 2, "document:45": 2, "document:125": 2, "document:98": 2}
# Records that only mention the plan in their text (evidence holding the plan's PDF, a
# nomination's achievement).
MENTIONS = {"evidence:kkt-pdf": 1, "evidence:kcntt-pdf": 1, "exemplar:bgh": 1, "evidence:bgh-bc": 1}
PLAN_FAMILY = {**PLAN, **LINKED, **MENTIONS}
DECISIONS = {"document:125": 3, "document:98": 3}
LIST_2024 = {"evidence:hctc-xlsx": 3}


@dataclass(frozen=True)
class Judged:
    q: str
    grades: dict[str, int]
    first: tuple[str, ...] = ()
    note: str = ""
    options: dict = field(default_factory=dict)


def person(unit: str, extra: dict | None = None) -> dict[str, int]:
    """A nominee: the nomination, then the achievement report naming them."""
    return {f"exemplar:{unit}": 3, f"evidence:{unit}-bc": 2, **(extra or {})}


QUERIES = [
    # Exact first: tiền / tiên / tiến.
    Judged(
        "tiền",
        {
            "document:3": 3,
            "document:125": 2,
            "document:98": 2,
            "exemplar:khtc": 2,
            "evidence:khtc-bc": 2,
        },
        first=("document:3", "document:125", "document:98", "exemplar:khtc", "evidence:khtc-bc"),
        note="issue 18: the record with tiền was #10 behind tiên tiến",
    ),
    Judged(
        "tiền thưởng",
        DECISIONS,
        first=("document:125", "document:98"),
        note="issue 18: two records without tiền ranked above the decision",
    ),
    Judged("Tiền thưởng", DECISIONS, first=("document:125", "document:98")),
    Judged("tien thuong", {**DECISIONS}),
    Judged("tiền công", {"document:3": 3}, first=("document:3",)),
    Judged("tiền mặt", person("khtc"), first=("exemplar:khtc", "evidence:khtc-bc")),
    Judged("tiến độ", {"document:20": 3}, first=("document:20",)),
    Judged(
        "tiên tiến",
        {
            **PLAN,
            **LIST_2024,
            "document:45": 2,
            "document:125": 2,
            "document:98": 2,
            "document:5": 2,
        },
    ),
    Judged(
        '"danh sách điển hình tiên tiến"',
        {**LIST_2024, "document:45": 3, **dict.fromkeys(PLAN, 1)},
        first=("evidence:hctc-xlsx", "document:45"),
    ),
    Judged('"gương người tốt việc tốt"', PLAN),
    Judged("điển hình tiên tiến năm 2024", {**LIST_2024, "document:45": 3, "document:125": 3}),
    # Exact first: mã / mà / má / ma.
    Judged("mã số", {"document:12": 3}, first=("document:12",)),
    Judged("Mã Thị Hoa", person("kkt2"), first=("exemplar:kkt2", "evidence:kkt2-bc")),
    Judged(
        "mã",
        {"document:12": 3, "exemplar:kkt2": 3, "evidence:kkt2-bc": 2},
        first=("document:12", "exemplar:kkt2", "evidence:kkt2-bc"),
    ),
    Judged("mà", {"document:20": 3}, first=("document:20",)),
    Judged("má tôi", {"evidence:cdt-ma": 3}, first=("evidence:cdt-ma",)),
    Judged(
        "ma",
        {
            "document:12": 1,
            "exemplar:kkt2": 1,
            "evidence:kkt2-bc": 1,
            "document:20": 1,
            "evidence:cdt-ma": 1,
        },
        note="folded: every tone alike",
    ),
    # Exact first: Đặng / Đảng / Đăng / Dang.
    Judged(
        "Đặng",
        {"document:5": 3, **person("kcntt2")},
        first=("document:5", "exemplar:kcntt2", "evidence:kcntt2-bc"),
    ),
    Judged("Đặng Minh Đức", {"document:5": 3}, first=("document:5",)),
    Judged("Đặng Thị Mai", person("kcntt2"), first=("exemplar:kcntt2", "evidence:kcntt2-bc")),
    Judged("Dương Văn Đăng", person("dt2"), first=("exemplar:dt2", "evidence:dt2-bc")),
    Judged("Đảng", {**PLAN, "evidence:kkt-pdf": 1, "evidence:kcntt-pdf": 1}, first=PLAN_FIRST),
    Judged("dang thi mai", person("kcntt2")),
    # Numbers: whole, by parts, with or without the zero, as printed ("Số: 36 /KH-CĐBP").
    Judged("36/KH-CĐBP", PLAN_FAMILY, first=PLAN_FIRST, note="issue 18: linked ones were #13-15"),
    Judged("36/KH-CDBP", PLAN_FAMILY, first=PLAN_FIRST),
    Judged("36/kh-cdbp", PLAN_FAMILY, first=PLAN_FIRST),
    Judged("Số: 36 /KH-CĐBP", PLAN_FAMILY, first=PLAN_FIRST),
    Judged('"36/KH-CĐBP"', PLAN_FAMILY, first=PLAN_FIRST),
    Judged("05/KH-KCNTT", {"document:5": 3}, first=("document:5",)),
    Judged("5/KH-KCNTT", {"document:5": 3}, first=("document:5",)),
    Judged("KH-KCNTT", {"document:5": 3}, first=("document:5",)),
    Judged("125/QĐ-CĐBP", {"document:125": 3}, first=("document:125",)),
    Judged("125/QD-CDBP", {"document:125": 3}, first=("document:125",)),
    Judged("98/QĐ-CĐBP", {"document:98": 3}, first=("document:98",)),
    Judged("QĐ-CĐBP", DECISIONS, first=("document:125", "document:98")),
    Judged("45/TB-CĐBP", {"document:45": 3}, first=("document:45",)),
    Judged("3/HD-CĐBP", {"document:3": 3}, first=("document:3",)),
    Judged("113/KH-UBND", {**PLAN}, first=PLAN_FIRST),
    Judged("98/2023/NĐ-CP", {"document:125": 3}, first=("document:125",)),
    # People, as typed with and without diacritics.
    Judged("Võ Thị Thanh Tâm", person("hctc", LIST_2024), first=("exemplar:hctc",)),
    Judged("vo thi thanh tam", person("hctc", LIST_2024), first=("exemplar:hctc",)),
    Judged("Bùi Quang Huy", person("kckdl", {"evidence:hctc-xlsx": 2}), first=("exemplar:kckdl",)),
    Judged(
        "Ngô Thị Kim Liên",
        person("kkt", {"evidence:hctc-xlsx": 2, "document:20": 2}),
        first=("exemplar:kkt",),
    ),
    Judged(
        "Nguyễn Bích Liên",
        {**person("bgh"), "document:98": 2, **dict.fromkeys(PLAN, 2)},
        first=("exemplar:bgh",),
    ),
    Judged("Trịnh Văn Lộc", person("khtc"), first=("exemplar:khtc",)),
    Judged("Lâm Thị Hồng Nhung", person("cdt", {"evidence:cdt-ma": 2}), first=("exemplar:cdt",)),
    Judged("Phạm Quốc Dũng", person("hdtdkt", {"document:125": 2}), first=("exemplar:hdtdkt",)),
    # Achievements, titles, forms.
    Judged("hiến máu nhân đạo", person("dtn", LIST_2024), first=("exemplar:dtn",)),
    Judged("hien mau", person("dtn", LIST_2024)),
    Judged("giáo trình", person("kddt", LIST_2024)),
    Judged("học phí", person("khtc"), first=("exemplar:khtc",)),
    Judged("kỹ năng nghề", person("kckdl", LIST_2024)),
    Judged("số hóa hồ sơ", person("hctc", LIST_2024)),
    Judged("Chiến sĩ thi đua cơ sở", {**DECISIONS, **LIST_2024}),
    Judged("Tập thể lao động xuất sắc", {"document:125": 3, **LIST_2024}),
    Judged("khen thưởng", {**DECISIONS, **dict.fromkeys(PLAN, 1)}),
]
