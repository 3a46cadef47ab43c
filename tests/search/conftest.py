"""Fixtures for the search suite: every backend test runs on Whoosh and on Tantivy."""

import datetime

import pytest

from intranet.search import IndexRecord, SearchQuery, open_backend
from tests.factories import sample_path

PLAN_TEXT = sample_path("ke-hoach-36-KH-CDBP.txt").read_text(encoding="utf-8")
PLAN_TEXT_NFD = sample_path("ke-hoach-36-KH-CDBP-nfd.txt").read_text(encoding="utf-8")


@pytest.fixture(params=["whoosh", "tantivy"])
def backend(request, tmp_path):
    """A fresh, empty index of each backend in a temporary folder."""
    opened = open_backend(request.param, str(tmp_path / "index"))
    yield opened
    opened.close()


def record(key: str, title: str = "", body: str = "", **fields) -> IndexRecord:
    """An IndexRecord visible to everyone unless ``acl`` says otherwise."""
    fields.setdefault("type", key.split(":")[0])
    fields.setdefault("acl", ["all"])
    fields.setdefault("url", f"/{key.replace(':', '/')}")
    return IndexRecord(key=key, title=title, body=body, **fields)


def keys(backend, text: str, **options) -> list[str]:
    """Keys of the first page of hits, in ranking order."""
    return [hit.key for hit in backend.search(SearchQuery(text=text, **options)).hits]


@pytest.fixture
def plan(backend):
    """The real plan 36/KH-CĐBP (NFC), plus its NFD twin and two short records."""
    backend.index(
        [
            record(
                "document:36",
                "Kế hoạch tuyên truyền gương điển hình tiên tiến",
                PLAN_TEXT,
                codes=["36/KH-CĐBP"],
                kind="KH",
                year=2023,
                unit="HCTC",
                status="published",
                date=datetime.date(2023, 4, 21),
            ),
            record(
                "file:36",
                "ke-hoach-36-KH-CDBP-nfd.txt",
                PLAN_TEXT_NFD,
                year=2023,
                unit="HCTC",
                date=datetime.date(2023, 4, 22),
            ),
            record(
                "document:7991",
                "Hướng dẫn nhiệm vụ năm học",
                "Công văn về giáo dục trung học",
                codes=["7991/BGDĐT-GDTrH"],
                kind="CV",
                year=2022,
                unit="BGH",
                date=datetime.date(2022, 12, 30),
            ),
            record(
                "exemplar:5",
                "Nguyễn Văn An",
                "Giảng viên dạy giỏi cấp trường",
                type="exemplar",
                year=2024,
                unit="KCNTT",
                field="teaching",
                status="recognised",
                date=datetime.date(2024, 5, 2),
            ),
        ]
    )
    return backend
