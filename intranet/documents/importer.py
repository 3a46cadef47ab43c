"""Bulk import of an existing archive: DIR/metadata.csv and the files it names.

Each row goes through the same rules and storage as the pages. A bad row is reported with its
line number and the others go on; a row already imported (same number and same file) is skipped.
The number keeps the decree's leading zero ("05/KH-KKT"); the issuer column is mapped to the unit
that issued the document, by its code or its name (without regard to diacritics or case), and a
row whose issuer cannot be mapped is imported without a unit and reported with its line and value.
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from intranet.accounts.models import Unit, User
from intranet.documents import files, numbering, services
from intranet.documents.errors import DocumentError
from intranet.documents.models import Document, Status
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
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
    # Rows imported whose issuer names no unit of the college: (line number, the value).
    unmapped: list[tuple[int, str]] = field(default_factory=list)


# The college itself issues under its own name: no unit to map, nothing to report.
COLLEGE_NAMES = ("Trường Cao đẳng Bình Phước", "Cao đẳng Bình Phước", services.COLLEGE_ISSUER)


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


def import_one(folder: Path, line: int, row: dict, user: User, report: ImportReport) -> None:
    """Import the row at ``line`` of metadata.csv, counting it (or its error) in ``report``."""
    try:
        mapped: list[bool] = []
        if import_row(folder, row, user, mapped=mapped):
            report.added += 1
            if not all(mapped):
                report.unmapped.append((line, nfc(row.get("issuer"))))
        else:
            report.skipped += 1
    except DocumentError as exc:
        report.errors.append((line, str(exc)))


def import_row(folder: Path, row: dict, user: User, *, mapped: list | None = None) -> bool:
    """Import one row; True when added, False when it was already there.

    ``mapped`` (a list) receives whether the issuer column was mapped to a unit.
    """
    path = _safe_path(folder, row.get("file") or "")
    issued_on = parse_date(row.get("issued_on") or "")
    kind = numbering.parse(row["number"]).kind if not nfc(row.get("kind")) else _kind(row["kind"])
    symbol = numbering.parse(row["number"], kind_hint=kind)
    unit, found = issuer_unit(row.get("issuer") or "", symbol.issuer)
    if mapped is not None:
        mapped.append(found)
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
        number_symbol=str(symbol),
        issued_on=issued_on,
        summary=row.get("summary", ""),
        issuer_name=_issuer_name(row.get("issuer") or "", unit),
        unit_id=unit.id if unit else None,
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


def _words(text: str) -> str:
    """Folded words only: "Phòng Hành chính – Tổ chức" and "phong hanh chinh - to chuc" agree."""
    return " ".join(re.findall(r"[^\W_]+", fold(nfc(text))))


def issuer_unit(value: str, symbol_issuer: str = "") -> tuple[Unit | None, bool]:
    """The unit named by an issuer column (its code or its name, any case, with or without
    diacritics), else the unit whose code is the symbol's issuer ("05/KH-KKT": KKT).

    (unit, True) when found; (None, True) for the college itself (its name or code, or an empty
    column on a college number); (None, False) when the value names no unit: the caller reports it.
    """
    wanted = _words(value)
    units = db.session.execute(select(Unit).order_by(Unit.id)).scalars().all()
    for key in (wanted, _words(symbol_issuer)):
        for unit in units:
            if key and key in (_words(unit.code), _words(unit.name)):
                return unit, True
    college = {_words(name) for name in COLLEGE_NAMES}
    if wanted in college or (not wanted and _words(symbol_issuer) in college):
        return None, True
    return None, False


def _issuer_name(value: str, unit: Unit | None) -> str:
    """The issuer as the paper names it: a unit given by its code takes the unit's name."""
    value = nfc(value)
    if unit is not None and _words(value) in ("", _words(unit.code)):
        return unit.name
    return value


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
