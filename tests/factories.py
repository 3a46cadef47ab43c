"""Builders of the records every area's tests need, and the sample files of ``tests/samples``.

Each builder goes through the area's service, as the pages do, and runs inside an app context
(the fixtures of each conftest open one and hand back ids, never objects bound to a closed
session). Defaults are those of plan 36/KH-CĐBP and its first nominations.
"""

import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import clock
from intranet.accounts import services as accounts
from intranet.accounts.models import Unit, User
from intranet.documents import files, numbering
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars import catalogues, decisions
from intranet.exemplars import services as exemplars
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import AwardLine, Evidence, Exemplar
from intranet.extensions import db
from intranet.supervision import reports
from intranet.supervision.models import UnitReport

SAMPLES = Path(__file__).resolve().parent / "samples"
PDF = "ke-hoach-36-KH-CDBP.pdf"
# A PDF small enough to write here; the file store accepts it.
MINI_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PLAN_SUMMARY = "Thực hiện Đề án tuyên truyền gương điển hình tiên tiến"
STAGES = ("draft", "withdrawn", "submitted", "returned", "endorsed", "recognised", "propagated")


# Sample files ---------------------------------------------------------------------------------


def sample_path(name: str) -> Path:
    """The path of a file of tests/samples; the test fails (never skips) when it is missing."""
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"sample file {name} is missing from {SAMPLES} (it belongs in the repository)")
    return path


def sample_bytes(name: str = PDF) -> bytes:
    return sample_path(name).read_bytes()


def upload(name: str, content: bytes) -> FileStorage:
    """What the services take as an uploaded file."""
    return FileStorage(stream=io.BytesIO(content), filename=name)


# Units and people -----------------------------------------------------------------------------


def unit(code: str) -> Unit:
    return db.session.execute(select(Unit).filter_by(code=code)).scalar_one()


def unit_ids() -> dict[str, int]:
    """{unit code: id} of every unit."""
    return {u.code: u.id for u in db.session.execute(select(Unit)).scalars()}


def add_people(users: dict[str, int], extra: dict, password: str) -> dict[str, int]:
    """``users`` plus the people of ``extra`` ({key: (username, unit code, roles, full name)})."""
    ids = dict(users)
    for key, (username, code, roles, full_name) in extra.items():
        ids[key] = accounts.create_user(username, full_name, unit(code), roles, password).id
    return ids


# Catalogues -----------------------------------------------------------------------------------


def seed_catalogues() -> None:
    """The catalogues (fields, movements, titles, forms, kinds, levels), as `demo load` has them,
    with the law's rules of eligibility."""
    from intranet.eligibility import seed as eligibility_seed

    catalogues.seed()
    eligibility_seed.seed()


def catalogue_id(group: str, name: str) -> int:
    """The id of a catalogue entry: catalogue_id("level", "Cấp tỉnh")."""
    return db.session.execute(
        select(CatalogueEntry.id).filter_by(group=Group(group), name=name)
    ).scalar_one()


# Documents and decisions ----------------------------------------------------------------------


def document(
    author: User,
    symbol: str = "36/KH-CĐBP",
    *,
    kind: str | None = None,
    issued_on: date = date(2023, 4, 21),
    summary: str = PLAN_SUMMARY,
    unit: str | None = None,
    units: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    attachments: Iterable[tuple[str, bytes]] | None = None,
    publish: bool = False,
    **fields,
) -> Document:
    """A document saved by ``author`` (its kind read from the symbol unless given), for everyone
    unless ``units`` or ``roles`` say otherwise; ``unit`` is the issuing unit's code.
    Attachments are (name, bytes); ``fields`` are other fields of DocumentData."""
    codes = unit_ids()
    data = documents.DocumentData(
        kind=kind or numbering.parse(symbol).kind,
        number_symbol=symbol,
        issued_on=issued_on,
        summary=summary,
        unit_id=codes[unit] if unit else None,
        audience_all=not (units or roles),
        audience_units=[codes[c] for c in units or []],
        audience_roles=list(roles or []),
        **fields,
    )
    saved = documents.save_document(None, data, author)
    if attachments:
        files.attach(saved, [upload(name, content) for name, content in attachments], author)
    if publish:
        documents.publish(saved, author)
    return saved


def decision(
    author: User,
    number: int = 12,
    *,
    year: int = 2024,
    kind: str = "QĐ",
    summary: str = "Về việc khen thưởng điển hình tiên tiến",
    unit: str | None = None,
    publish: bool = False,
) -> Document:
    """A decision ``{number}/QĐ-CĐBP`` of 15/7 of ``year``, signed by the principal."""
    return document(
        author,
        f"{number}/{kind}-CĐBP",
        kind=kind,
        issued_on=date(year, 7, 15),
        summary=summary,
        unit=unit,
        publish=publish,
        issued_place="Bình Phước",
        signer_title="HIỆU TRƯỞNG",
        signer_name="Nguyễn Văn Thành",
    )


def award_line(decision_document: Document, author: User, **fields) -> AwardLine:
    """An award line of a decision; ``fields`` are those of decisions.AwardData."""
    return decisions.add_award_line(decision_document, decisions.AwardData(**fields), author)


# Nominations (exemplars) and their evidence ---------------------------------------------------


def exemplar(
    owner: User,
    *,
    subject: str = "individual",
    year: int = 2024,
    achievement: str = "Hoàn thành xuất sắc nhiệm vụ giảng dạy",
    name: str = "",
    person_id: int | None = None,
    field_id: int | None = None,
    movement_id: int | None = None,
) -> Exemplar:
    """A draft nomination by ``owner``, in the owner's unit."""
    data = exemplars.ExemplarData(
        subject=subject,
        year=year,
        achievement=achievement,
        person_id=person_id,
        name=name,
        field_id=field_id,
        movement_id=movement_id,
    )
    return exemplars.save_exemplar(None, data, owner)


def evidence(
    nomination: Exemplar,
    user: User,
    name: str = PDF,
    content: bytes | None = None,
    *,
    title: str = "Giấy chứng nhận",
    on: date | None = None,
    description: str = "",
) -> Evidence:
    """An evidence file of a nomination: ``content``, or the sample file ``name``."""
    data = sample_bytes(name) if content is None else content
    return exemplars.add_evidence(nomination, upload(name, data), user, title, on, description)


def advance(
    nomination: Exemplar, stage: str, *, owner: User, head: User, secretariat: User
) -> None:
    """Take a draft nomination to ``stage``, each step by the person whose step it is.

    Before the unit head endorses, every live evidence file is accepted.
    """
    if stage not in STAGES:
        raise ValueError(f"no stage {stage!r}; one of {STAGES}")
    if stage == "draft":
        return
    if stage == "withdrawn":
        exemplars.take_step(nomination, "withdraw", owner, note="Rút để hoàn thiện thêm.")
        return
    exemplars.take_step(nomination, "submit", owner)
    if stage == "returned":
        exemplars.take_step(nomination, "return", head, note="Bổ sung số liệu cụ thể.")
    if stage in ("submitted", "returned"):
        return
    for pending in list(nomination.live_evidence):
        exemplars.review_evidence(pending, "accepted", head, "Đúng thực tế.")
    exemplars.take_step(nomination, "endorse", head)
    if stage in ("recognised", "propagated"):
        exemplars.take_step(nomination, "recognise", secretariat)
    if stage == "propagated":
        activity(nomination, secretariat)
    assert nomination.stage.value == stage, nomination.stage


# Propagation ----------------------------------------------------------------------------------


def activity(
    nomination: Exemplar,
    user: User,
    channel: str = "board",
    *,
    on: date | None = None,
    audience: str = "Toàn thể cán bộ, viên chức",
    unit_id: int | None = None,
):
    """A propagation activity: the first one makes a recognised nomination "propagated"."""
    from intranet.propagation import services as propagation

    data = propagation.ActivityData(
        channel=channel,
        held_on=on or min(date(nomination.year, 12, 1), clock.today()),
        audience=audience,
        unit_id=unit_id or nomination.unit_id,
    )
    return propagation.record_activity(nomination, data, user)


# Unit reports ---------------------------------------------------------------------------------


def unit_report(
    unit_code: str, year: int, head: User, summary: str = "", *, at: datetime | None = None
) -> UnitReport:
    """A unit's yearly report, submitted by its head; ``at`` (UTC) replaces the moment sent."""
    report = reports.submit(
        unit(unit_code), year, head, summary or f"Báo cáo kết quả thực hiện kế hoạch năm {year}."
    )
    if at is not None:
        report.submitted_at = at
        db.session.commit()
    return report
