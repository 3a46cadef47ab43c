"""A seeded generator of realistic Vietnamese archive records and a fixed mix of queries.

The text is built from the real plan 36/KH-CĐBP (its phrases, in Zipf-like frequency), a list of
real administrative and emulation vocabulary, people's names, document codes and dates, so that
posting lists, phrase positions and rare words look like the college's archive.
"""

import datetime
import random
import re
from pathlib import Path

from intranet.search import IndexRecord, SearchQuery

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "samples"
PLAN = (SAMPLE / "ke-hoach-36-KH-CDBP.txt").read_text(encoding="utf-8")

VOCABULARY = """giáo dục; đào tạo; nghiên cứu khoa học; sinh viên; học sinh; giảng viên; chuyên môn;
nghiệp vụ; cơ sở vật chất; chuyển đổi số; công nghệ thông tin; kinh tế; cơ khí; động lực;
điện tử; đoàn thanh niên; công đoàn; hội nghị; tổng kết; sơ kết; lao động tiên tiến;
chiến sĩ thi đua cơ sở; tập thể lao động xuất sắc; giấy khen; bằng khen;
huân chương lao động; kỷ niệm chương; hiệu trưởng; phó hiệu trưởng; trưởng phòng;
trưởng khoa; quyết định; công văn; thông báo; biên bản; tờ trình; hướng dẫn; báo cáo;
kế hoạch; năm học; học kỳ; tuyển sinh; tốt nghiệp; thực tập; doanh nghiệp;
kiểm định chất lượng; đảm bảo chất lượng; chương trình đào tạo; giáo trình; bài giảng;
hội giảng; nhà giáo; sáng kiến kinh nghiệm; đề tài; cấp tỉnh; cấp bộ; cấp trường;
ngân sách; tài chính; kế toán; thanh tra; kiểm tra; giám sát; phòng chống tham nhũng;
an toàn lao động; phòng cháy chữa cháy; văn hóa; văn nghệ; thể dục thể thao; tình nguyện;
mùa hè xanh; hiến máu nhân đạo; từ thiện; học bổng; khuyến học; ký túc xá; thư viện;
phòng thí nghiệm; xưởng thực hành; máy công cụ; ô tô; điện công nghiệp;
kế toán doanh nghiệp; quản trị kinh doanh; mạng máy tính; lập trình; đồ họa; hồ sơ;
minh chứng; thành tích; xét duyệt; đề nghị; công nhận; danh hiệu; hình thức khen thưởng;
khen thưởng đột xuất; khen thưởng chuyên đề; khen thưởng thường xuyên;
người tốt việc tốt; gương sáng; tiêu biểu; xuất sắc; hoàn thành tốt nhiệm vụ; đánh giá;
xếp loại; viên chức; người lao động; hợp đồng; tuyển dụng; bổ nhiệm; nâng lương;
nghỉ hưu; đảng viên; chi bộ; nghị quyết; chỉ thị; thông tư; nghị định;
luật thi đua khen thưởng; ủy ban nhân dân tỉnh; sở lao động thương binh và xã hội;
sở nội vụ; bộ giáo dục và đào tạo; tỉnh Bình Phước; thành phố Đồng Xoài;
huyện Chơn Thành; thị xã Bình Long; thị xã Phước Long; huyện Lộc Ninh"""


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh"
)
MIDDLES = _words("Văn Thị Hữu Đức Minh Thanh Ngọc Quang Bích Thu Xuân Hoài Kim Công Đình Mỹ")
GIVEN = _words(
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Liên Linh Long Mai "
    "Nam Nga Ngân Phong Phúc Quân Sơn Tâm Thảo Thắng Trang Trung Tuấn Tùng Vân Việt Yến Đạt Hằng"
)
UNITS = _words("BGH HCTC DT KHTC KCNTT KKT KCKDL KDDT DTN CDT HDTDKT")
KINDS = _words("KH QĐ BC TB HD TTr BB CV")
TYPES = [("document", 30), ("file", 35), ("exemplar", 15), ("evidence", 10), ("decision", 10)]
STATUSES = {
    "document": ["published", "draft", "superseded"],
    "file": ["published"],
    "exemplar": ["submitted", "endorsed", "recognised", "propagated"],
    "evidence": ["pending", "accepted", "rejected"],
    "decision": ["published"],
}
FIELDS = ["teaching", "research", "administration", "youth", "union", "service"]
READER = ["all", "unit:KCNTT", "role:staff", "user:12"]


def _phrases() -> list[str]:
    """Phrases of the plan and of the vocabulary, most frequent first."""
    pieces = re.split(r"[\n.,;:“”\"()\-–/]+", PLAN)
    plan = [" ".join(p.split()) for p in pieces if len(p.split()) >= 2]
    vocab = [" ".join(p.split()) for p in VOCABULARY.split(";")]
    mixed = []
    for i in range(max(len(plan), len(vocab))):
        mixed += [x[i] for x in (plan, vocab) if i < len(x)]
    return list(dict.fromkeys(mixed))


class Corpus:
    """Seeded records and queries; the same seed gives the same archive and the same mix."""

    def __init__(self, seed: int = 36) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - a seeded corpus, not a secret
        self.phrases = _phrases()
        # Zipf-like weights: a few phrases everywhere, most of them in few records.
        self.weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.phrases))]
        self.syllables = sorted({w for p in self.phrases for w in p.split()})
        self.codes: list[str] = []
        # The college's staff: a few hundred people, each named in a few records.
        r = self.rng
        roster = {f"{r.choice(SURNAMES)} {r.choice(MIDDLES)} {r.choice(GIVEN)}" for _ in range(500)}
        self.staff = sorted(roster)

    def name(self) -> str:
        """A staff member's name."""
        return self.rng.choice(self.staff)

    def code(self, year: int) -> str:
        """A document number and symbol such as 128/QĐ-CĐBP."""
        r = self.rng
        issuer = r.choice(["CĐBP", "CĐBP", "CĐBP", "UBND", "SNV", "BGDĐT-GDTrH"])
        code = f"{r.randint(1, 999)}/{r.choice(KINDS)}-{issuer}"
        if len(self.codes) < 5000:
            self.codes.append(code)
        return code

    def body(self, words: int, year: int) -> str:
        """About ``words`` syllables of administrative prose."""
        r, parts, count = self.rng, [], 0
        picks = r.choices(self.phrases, self.weights, k=words // 3)
        for phrase in picks:
            roll = r.random()
            if roll < 0.02:
                phrase = self.name()
            elif roll < 0.04:
                phrase = f"số {self.code(year)} ngày {r.randint(1, 28)}/{r.randint(1, 12)}/{year}"
            elif roll < 0.20:
                phrase = " ".join(r.choices(self.syllables, k=r.randint(1, 4)))
            parts.append(phrase)
            count += phrase.count(" ") + 1
            if count >= words:
                break
            if r.random() < 0.3:
                parts.append(".\n" if r.random() < 0.5 else ",")
        return " ".join(parts)

    def record(self, number: int) -> IndexRecord:
        """One record of 300–3000 words with metadata and ACL tokens."""
        r = self.rng
        kind = r.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
        year = r.randint(2015, 2025)
        unit = r.choice(UNITS)
        code = self.code(year) if kind in ("document", "decision") else None
        title = " ".join(
            [
                r.choice(["Kế hoạch", "Quyết định", "Báo cáo", "Minh chứng", "Hồ sơ"]),
                r.choice(self.phrases),
                code or self.name(),
            ]
        )
        acl = ["all"] if r.random() < 0.7 else [f"unit:{unit}", f"user:{r.randint(1, 400)}"]
        if r.random() < 0.1:
            acl.append("role:secretariat")
        return IndexRecord(
            key=f"{kind}:{number}",
            type=kind,
            title=title,
            body=self.body(r.randint(300, 3000), year),
            codes=[code] if code else [],
            url=f"/{kind}/{number}",
            kind=r.choice(KINDS) if kind == "document" else None,
            year=year,
            unit=unit,
            field=r.choice(FIELDS) if kind == "exemplar" else None,
            status=r.choice(STATUSES[kind]),
            date=datetime.date(year, 1, 1) + datetime.timedelta(days=r.randint(0, 364)),
            acl=acl,
        )

    def queries(self, count: int = 200) -> list[SearchQuery]:
        """The fixed mix: terms, phrases, with/without diacritics, codes, filters, exclusions."""
        from intranet.search.analysis import fold

        r = random.Random(2023)  # noqa: S311 - a fixed query mix, not a secret
        head = self.phrases[:60]
        mix = []
        for i in range(count):
            slot = i % 10
            phrase = r.choice(head)
            words = phrase.split()
            if slot in (0, 1):  # one or two words with diacritics
                text = " ".join(words[:2]) if slot else r.choice(words)
            elif slot == 2:  # the same without diacritics
                text = fold(" ".join(words[:2]))
            elif slot == 3:  # a quoted phrase
                text = f'"{" ".join(words[:3])}"'
            elif slot == 4:  # a quoted phrase typed without diacritics
                text = f'"{fold(" ".join(words[:3]))}"'
            elif slot == 5:  # a person, rare words
                text = self.name()
            elif slot == 6:  # a code, whole or by its symbol
                code = r.choice(self.codes) if self.codes else "36/KH-CĐBP"
                text = code if r.random() < 0.5 else code.split("/", 1)[1]
            elif slot == 7:  # an exclusion
                text = f"{' '.join(words[:2])} -{r.choice(self.syllables)}"
            else:  # words with filters
                text = " ".join(words[:2])
            filters = {}
            if slot in (8, 9):
                filters = r.choice(
                    [
                        {"year": r.randint(2015, 2025)},
                        {"unit": r.choice(UNITS)},
                        {"type": ["document", "decision"]},
                        {"year": [2023, 2024], "type": "exemplar"},
                    ]
                )
            sort = "date" if i % 17 == 0 else "relevance"
            mix.append(SearchQuery(text=text, filters=filters, sort=sort, reader=READER))
        return mix
