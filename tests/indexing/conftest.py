"""Fixtures of the indexing tests: the archive wired to the search, end to end.

Records are made through the domain services (or uploaded through the pages), the worker is run by
hand (WORKER_NOTIFY is off in tests), and the search page is read as a reader sees it. A test that
takes the ``backend`` fixture runs on Whoosh and on Tantivy.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date

import lxml.html
import pytest
from sqlalchemy import func, select

from intranet.accounts.models import User
from intranet.extensions import db
from intranet.indexing import worker
from intranet.indexing.models import SearchOutbox
from tests import factories
from tests.conftest import csrf_token
from tests.factories import sample_bytes as sample  # noqa: F401 (the tests import it from here)

BACKENDS = ("whoosh", "tantivy")
# The plan 36/KH-CĐBP in every format that has a text layer, as office tools wrote it.
PLAN_FILES = (
    "ke-hoach-36-KH-CDBP.pdf",
    "ke-hoach-36-KH-CDBP.docx",
    "ke-hoach-36-KH-CDBP.odt",
    "ke-hoach-36-KH-CDBP.txt",
    "ke-hoach-36-KH-CDBP-nfd.txt",
)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(app, request):
    """The app of tests/conftest, on the backend of the test's ``backend`` parameter if any."""
    if "backend" in request.fixturenames:
        app.config["SEARCH_BACKEND"] = request.getfixturevalue("backend")
    return app


# The worker and the outbox --------------------------------------------------------------------


def run_worker(app) -> int:
    """What the huey task does: extract every new file, then apply the outbox."""
    with app.app_context():
        while worker.extract_pending():
            pass
        return worker.process_outbox()


def outbox_keys(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.execute(select(SearchOutbox.key).order_by(SearchOutbox.id)).scalars()
        )


def outbox_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(SearchOutbox.id))).scalar_one()


def index_keys(app) -> set[str]:
    with app.app_context():
        backend = worker.open_index()
        try:
            return backend.keys()
        finally:
            backend.close()


# Records --------------------------------------------------------------------------------------


def unit_ids(app) -> dict[str, int]:
    with app.app_context():
        return factories.unit_ids()


@pytest.fixture
def make_document(app, users):
    """make_document("36/KH-CĐBP", publish=True, units=["KKT"], attachments=[(name, bytes)]) -> id.

    Saved through services.save_document as the secretariat, as the pages do; issued by HCTC
    unless ``unit`` says otherwise.
    """

    def make(symbol: str = "36/KH-CĐBP", *, unit: str | None = "HCTC", **options) -> int:
        with app.app_context():
            author = db.session.get(User, users["secretariat"])
            return factories.document(author, symbol, unit=unit, **options).id

    return make


@pytest.fixture
def make_nomination(app, users):
    """make_nomination("staff", evidence=[(name, bytes)], …) -> (exemplar id, [evidence ids])."""

    def make(
        owner: str = "staff",
        *,
        name: str = "Nguyễn Văn Bình",
        achievement: str = "Giảng viên dạy giỏi cấp trường năm học 2023–2024.",
        year: int = 2024,
        evidence: list[tuple[str, bytes]] = (),
        title: str = "Giấy chứng nhận",
        description: str = "",
    ) -> tuple[int, list[int]]:
        with app.app_context():
            user = db.session.get(User, users[owner])
            exemplar = factories.exemplar(user, year=year, achievement=achievement, name=name)
            ids = [
                factories.evidence(
                    exemplar,
                    user,
                    filename,
                    content,
                    title=title,
                    on=date(2024, 5, 20),
                    description=description,
                ).id
                for filename, content in evidence
            ]
            return exemplar.id, ids

    return make


# The pages ------------------------------------------------------------------------------------


def upload_files(client, document_id: int, *named: tuple[str, bytes]):
    """Upload files to a document through its page (not following the redirect)."""
    data = {
        "files": [(io.BytesIO(content), name) for name, content in named],
        "csrf_token": csrf_token(client, f"/documents/{document_id}"),
    }
    return client.post(
        f"/documents/{document_id}/files", data=data, content_type="multipart/form-data"
    )


@dataclass
class Hit:
    label: str  # what it is, as the page says it ("Văn bản", "Tệp đính kèm", …)
    title: str
    url: str
    snippet_html: str  # the snippet as sent (escaped text with <mark>)


@dataclass
class SearchPage:
    status: int
    html: str
    total: int | None = None
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    location: str | None = None

    @property
    def titles(self) -> list[str]:
        return [h.title for h in self.hits]

    @property
    def urls(self) -> list[str]:
        return [h.url for h in self.hits]

    @property
    def outside_form(self) -> str:
        """The page without the echoes of what was typed: the search form, and the query string
        of the page's own URL in links (the language switch's "next")."""
        html = re.sub(r"<form method=\"get\" role=\"search\".*?</form>", "", self.html, flags=re.S)
        return re.sub(r"([?&]|&amp;)q=[^\"&\s]*", "", html)

    @property
    def degraded(self) -> bool:
        return any("tạm thời gián đoạn" in a for a in self.alerts)


_TOTAL = re.compile(r"Tìm thấy (\d+) kết quả")


def read_search_page(response) -> SearchPage:
    html = response.get_data(as_text=True)
    page = SearchPage(status=response.status_code, html=html, location=response.location)
    if response.status_code != 200:
        return page
    tree = lxml.html.fromstring(html)
    text = tree.text_content()
    match = _TOTAL.search(text)
    page.total = int(match.group(1)) if match else None
    for card in tree.xpath('//section[@aria-label]//article[contains(@class, "card")]'):
        link = card.xpath(".//h2/a")[0]
        snippet = card.xpath('.//p[contains(@class, "snippet")]')
        snippet_html = ""
        if snippet:
            raw = lxml.html.tostring(snippet[0], encoding="unicode")
            snippet_html = re.sub(r"^<p[^>]*>|</p>\s*$", "", raw.strip())
        label = card.xpath('.//div[contains(@class, "text-body-secondary")]')[0].text_content()
        page.hits.append(
            Hit(
                label=label.split("·")[0].strip(),
                title=link.text_content().strip(),
                url=link.get("href"),
                snippet_html=snippet_html,
            )
        )
    for heading in tree.xpath("//aside//h2"):
        counts = {}
        for item in heading.getnext().xpath("./li"):
            name = item.xpath("./a")[0].text_content().strip()
            number = re.search(r"\((\d+)\)", item.text_content())
            counts[name] = int(number.group(1))
        page.facets[heading.text_content().strip()] = counts
    page.alerts = [a.text_content().strip() for a in tree.xpath('//div[@role="status"]')]
    return page


def search_page(client, q: str | None = None, **args) -> SearchPage:
    """GET /search/ with ``q`` and filters, read as the reader sees it."""
    params = dict(args)
    if q is not None:
        params["q"] = q
    return read_search_page(client.get("/search/", query_string=params))
