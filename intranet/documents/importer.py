"""Bulk import of an existing archive: DIR/metadata.csv and the files it names.

Each row goes through the same rules and storage as the pages. A bad row is reported with its
line number and the others go on; a row already imported (same number and same file) is skipped.
"""

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from intranet.accounts.models import Unit, User
from intranet.documents import files, numbering, services
from intranet.documents.errors import DocumentError
from intranet.documents.models import Document, Status
from intranet.domain import transaction
from intranet.extensions import db
from intranet.text import fold, nfc

COLUMNS = (
    "file",
    "kind",
    "number",
    "issued_on",
    "summary",
    "issuer",
    "signer",
    "audience",
    "status",
)


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class _Upload:
    """A file on disk, shaped like an upload for files.attach()."""

    def __init__(self, path: Path):
        self.filename = path.name
        self.stream = path.open("rb")


def read_rows(folder: Path) -> list[tuple[int, dict]]:
    """(line number, row) pairs of metadata.csv; raises DocumentError when it can't be read."""
    metadata = folder / "metadata.csv"
    if not metadata.is_file():
        raise DocumentError(_("Không thấy tệp %(p)s.", p=str(metadata)))
    try:
        text = metadata.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(_("metadata.csv phải được lưu bằng mã UTF-8.")) from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DocumentError(_("metadata.csv thiếu cột: %(c)s.", c=", ".join(missing)))
    return [(index + 2, row) for index, row in enumerate(reader)]


def import_row(folder: Path, row: dict, user: User) -> bool:
    """Import one row; True when added, False when it was already there."""
    path = _safe_path(folder, row.get("file") or "")
    issued_on = parse_date(row.get("issued_on") or "")
    kind = numbering.parse(row["number"]).kind if not nfc(row.get("kind")) else _kind(row["kind"])
    symbol = numbering.parse(row["number"], kind_hint=kind)
    existing = db.session.execute(
        select(Document).where(
            Document.issuer_folded == fold(symbol.issuer),
            Document.year == issued_on.year,
            Document.number == symbol.number,
        )
    ).scalar()
    if existing is not None:
        digest = sha256_of(path)
        if any(v.stored.sha256 == digest for f in existing.files for v in f.versions):
            return False
        raise DocumentError(
            _(
                "Số %(s)s năm %(y)d đã có trong kho với tệp khác.",
                s=existing.symbol,
                y=issued_on.year,
            )
        )
    units, audience_all = _audience(row.get("audience") or "all")
    data = services.DocumentData(
        kind=kind,
        number_symbol=row["number"],
        issued_on=issued_on,
        summary=row.get("summary", ""),
        issuer_name=nfc(row.get("issuer")),
        signer_name=nfc(row.get("signer")),
        audience_all=audience_all,
        audience_units=units,
    )
    status = _status(row.get("status") or "published")
    # A row is all or nothing: the document goes with its file and its publication.
    with transaction():
        document = services.save_document(None, data, user)
        upload = _Upload(path)
        try:
            files.attach(document, [upload], user)
        finally:
            upload.stream.close()
        if status == Status.PUBLISHED:
            services.publish(document, user)
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_path(folder: Path, name: str) -> Path:
    name = nfc(name)
    if not name:
        raise DocumentError(_("Cột file trống."))
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents:
        raise DocumentError(_("Tệp %(n)s nằm ngoài thư mục nhập.", n=name))
    if not path.is_file():
        raise DocumentError(_("Không thấy tệp %(n)s.", n=name))
    return path


def parse_date(text: str) -> date:
    """dd/mm/yyyy (Vietnamese) or yyyy-mm-dd (ISO)."""
    text = nfc(text)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise DocumentError(_("Ngày ban hành không hợp lệ: %(d)s (ghi dd/mm/yyyy).", d=text))


def _kind(text: str) -> str:
    code = "CV" if fold(nfc(text)) in {"cv", "cong van"} else numbering.kinds.lookup(nfc(text))
    if code is None:
        raise DocumentError(_("Loại văn bản không hợp lệ: %(k)s.", k=text))
    return code


def _audience(text: str) -> tuple[list[int], bool]:
    text = nfc(text)
    if fold(text) in {"", "all", "toan truong"}:
        return [], True
    codes = [c.strip().upper() for c in text.split(";") if c.strip()]
    units = dict(db.session.execute(select(Unit.code, Unit.id).where(Unit.code.in_(codes))).all())
    unknown = [c for c in codes if c not in units]
    if unknown:
        raise DocumentError(_("Không có đơn vị mã: %(c)s.", c=", ".join(unknown)))
    return list(units.values()), False


def _status(text: str) -> Status:
    value = fold(nfc(text))
    if value in {"published", "da ban hanh", "ban hanh"}:
        return Status.PUBLISHED
    if value in {"draft", "du thao"}:
        return Status.DRAFT
    raise DocumentError(_("Trạng thái chỉ nhận published hoặc draft: %(s)s.", s=text))
