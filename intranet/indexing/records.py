"""What the index holds for each record, and who may see it: the same rules as the pages'.

Keys: "document:<id>", "file:<document file id>", "exemplar:<id>", "evidence:<id>",
"story:<id>", "activity:<id>" (propagation).
Who may see each record comes from its rule (``policy.RULES[Model].tokens``): the very statement
the pages, the API and the lists ask; ``policy.reader_tokens`` gives the reader's side.
"""

from flask import current_app
from sqlalchemy import select

from intranet import clock, policy
from intranet.documents import access as _documents  # noqa: F401  (declares the rules)
from intranet.documents.models import Document, DocumentFile
from intranet.exemplars import access as _exemplars  # noqa: F401  (declares the rules)
from intranet.exemplars.models import AwardLine, Evidence, Exemplar
from intranet.extensions import db
from intranet.indexing.models import ExtractedText
from intranet.propagation import access as _propagation  # noqa: F401  (declares the rules)
from intranet.propagation.models import Activity, Story
from intranet.search import IndexRecord
from intranet.search.analysis import code_forms, find_codes

TYPES = {
    "document": Document,
    "file": DocumentFile,
    "exemplar": Exemplar,
    "evidence": Evidence,
    "story": Story,
    "activity": Activity,
}


def _path(endpoint: str, **values) -> str:
    # Built without a request: the worker has none.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def build(key: str) -> IndexRecord | None:
    """The record for ``key``, or None when it should not be in the index (gone, trashed)."""
    kind, _, raw_id = key.partition(":")
    model = TYPES.get(kind)
    if model is None or not raw_id.isdigit():
        return None
    obj = db.session.get(model, int(raw_id))
    if obj is None:
        return None
    return BUILDERS[kind](obj)


def acl(record) -> list[str]:
    """The record's tokens in the index, from its rule ([]: only those who read everything).

    A propagated nomination carries "all"; its evidence only its private readers' tokens.
    """
    return policy.RULES[type(record)].tokens(record)


def _unit_code(unit) -> str | None:
    return unit.code if unit is not None else None


def _document(document: Document) -> IndexRecord | None:
    if document.deleted_at is not None:
        return None
    lines = db.session.execute(
        select(AwardLine).where(AwardLine.document_id == document.id)
    ).scalars()
    parts = [
        document.summary,
        document.body,
        document.issuer_name,
        document.signer_name,
        document.signer_authority,
        document.signer_title,
        document.recipients,
    ]
    parts += [b.cited_text for b in document.basis]
    parts += [t.description + " " + t.target_text for t in document.tasks]
    for line in lines:
        honours = [e.name for e in (line.title, line.form, line.kind, line.level) if e]
        parts.append(" ".join([line.recipient_name, *honours]))
    return IndexRecord(
        key=f"document:{document.id}",
        type="decision" if document.kind == "QĐ" else "document",
        title=f"{document.kind_label} {document.symbol}: {document.summary}",
        body="\n".join(p for p in parts if p),
        codes=code_forms(document.symbol),
        links=links(document),
        url=_path("documents.detail", document_id=document.id),
        kind=document.kind,
        year=document.year,
        unit=_unit_code(document.unit),
        status=document.status.value,
        date=document.issued_on,
        acl=acl(document),
    )


def links(document: Document) -> list[str]:
    """The numbers of the documents this one rests on: the plan it implements, the documents
    it cites as its basis or amends, replaces, corrects or revokes (linked or only cited).

    Searching a plan's number ranks these right after the plan (search.ranking); the index
    keeps every written form ("05/KH-KKT" and "5/KH-KKT").
    """
    found: list[str] = []
    for basis in document.basis:
        if basis.target is not None and basis.target.symbol:
            found.append(basis.target.symbol)
        elif basis.cited_symbol_folded:
            found.append(basis.cited_symbol_folded)
        else:
            found += find_codes(basis.cited_text or "")
    return list(dict.fromkeys(found))


def _file(doc_file: DocumentFile) -> IndexRecord | None:
    document = doc_file.document
    if doc_file.deleted_at is not None or document.deleted_at is not None:
        return None
    version = doc_file.current
    return IndexRecord(
        key=f"file:{doc_file.id}",
        type="file",
        title=f"{version.original_name} ({document.symbol})",
        body=text_of(version.stored_file_id),
        codes=code_forms(document.symbol),
        url=_path("documents.detail", document_id=document.id),
        kind=document.kind,
        year=document.year,
        unit=_unit_code(document.unit),
        status=document.status.value,
        date=document.issued_on,
        acl=acl(doc_file),
    )


def _exemplar(exemplar: Exemplar) -> IndexRecord:
    parts = [exemplar.achievement, exemplar.unit.name]
    parts += [e.name for e in (exemplar.field, exemplar.movement) if e]
    return IndexRecord(
        key=f"exemplar:{exemplar.id}",
        type="exemplar",
        title=exemplar.name,
        body="\n".join(parts),
        url=_path("exemplars.detail", exemplar_id=exemplar.id),
        kind=exemplar.subject.value,
        year=exemplar.year,
        unit=exemplar.unit.code,
        field=exemplar.field.name if exemplar.field else None,
        status=exemplar.stage.value,
        date=exemplar_date(exemplar),
        acl=acl(exemplar),
    )


def exemplar_date(exemplar: Exemplar):
    """A nomination's own date, for "newest first" and the date filters (not its last edit):
    the date of the decision that recognised it, else the day it was submitted, else made."""
    from intranet.documents.models import Status
    from intranet.exemplars.models import ExemplarEvent, Stage

    decided = db.session.execute(
        select(Document.issued_on)
        .join(AwardLine, AwardLine.document_id == Document.id)
        .where(
            AwardLine.exemplar_id == exemplar.id,
            Document.deleted_at.is_(None),
            Document.status.in_((Status.PUBLISHED, Status.SUPERSEDED)),
        )
        .order_by(Document.issued_on.desc())
        .limit(1)
    ).scalar()
    if decided is not None:
        return decided
    submitted = db.session.execute(
        select(ExemplarEvent.at)
        .where(ExemplarEvent.exemplar_id == exemplar.id, ExemplarEvent.to_stage == Stage.SUBMITTED)
        .order_by(ExemplarEvent.id)
        .limit(1)
    ).scalar()
    return clock.local_date(submitted or exemplar.created_at)


def _evidence(evidence: Evidence) -> IndexRecord | None:
    if evidence.deleted_at is not None:
        return None
    exemplar = evidence.exemplar
    body = "\n".join(
        [evidence.description, evidence.original_name, text_of(evidence.stored_file_id)]
    )
    return IndexRecord(
        key=f"evidence:{evidence.id}",
        type="evidence",
        title=f"{evidence.title} – {exemplar.name}",
        body=body,
        url=_path("exemplars.detail", exemplar_id=exemplar.id) + "#minh-chung",
        year=exemplar.year,
        unit=exemplar.unit.code,
        field=exemplar.field.name if exemplar.field else None,
        status=evidence.review.value,
        date=evidence.evidence_date or clock.local_date(evidence.uploaded_at),
        acl=acl(evidence),
    )


def _story(story: Story) -> IndexRecord:
    """A story: found by its author, the unit's head and readers of everything while a draft;
    by everyone once published (the rule's tokens)."""
    exemplar = story.exemplar
    return IndexRecord(
        key=f"story:{story.id}",
        type="story",
        title=story.title,
        body="\n".join([story.body, exemplar.name, *(p.caption for p in story.photos)]),
        url=_path("propagation.story_detail", story_id=story.id),
        year=story.year or exemplar.year,
        unit=story.unit.code,
        field=exemplar.field.name if exemplar.field else None,
        status=story.status.value,
        date=clock.local_date(story.published_at or story.created_at),
        acl=acl(story),
    )


def _activity(activity: Activity) -> IndexRecord:
    exemplar = activity.exemplar
    return IndexRecord(
        key=f"activity:{activity.id}",
        type="activity",
        title=f"{activity.channel.label}: {exemplar.name}",
        body="\n".join([activity.audience, activity.unit.name, activity.link, exemplar.name]),
        url=_path("propagation.exemplar_page", exemplar_id=exemplar.id),
        kind=activity.channel.value,
        year=activity.year,
        unit=activity.unit.code,
        field=exemplar.field.name if exemplar.field else None,
        date=activity.held_on,
        acl=acl(activity),
    )


BUILDERS = {
    "document": _document,
    "file": _file,
    "exemplar": _exemplar,
    "evidence": _evidence,
    "story": _story,
    "activity": _activity,
}


def text_of(stored_file_id: int) -> str:
    row = db.session.get(ExtractedText, stored_file_id)
    return row.text if row is not None and row.status == "ok" else ""


def all_keys() -> list[str]:
    """Every key that should be in the index: for reindex and the consistency check."""
    keys = [
        f"document:{i}"
        for i in db.session.execute(
            select(Document.id).where(Document.deleted_at.is_(None))
        ).scalars()
    ]
    keys += [
        f"file:{i}"
        for i in db.session.execute(
            select(DocumentFile.id)
            .join(Document)
            .where(DocumentFile.deleted_at.is_(None), Document.deleted_at.is_(None))
        ).scalars()
    ]
    keys += [f"exemplar:{i}" for i in db.session.execute(select(Exemplar.id)).scalars()]
    keys += [
        f"evidence:{i}"
        for i in db.session.execute(
            select(Evidence.id).where(Evidence.deleted_at.is_(None))
        ).scalars()
    ]
    keys += [f"story:{i}" for i in db.session.execute(select(Story.id)).scalars()]
    keys += [f"activity:{i}" for i in db.session.execute(select(Activity.id)).scalars()]
    return keys


def keys_using_file(stored_file_id: int) -> list[str]:
    """The records whose text comes (in part) from this stored file."""
    from intranet.documents.models import FileVersion

    files = db.session.execute(
        select(FileVersion.file_id).where(FileVersion.stored_file_id == stored_file_id)
    ).scalars()
    evidence = db.session.execute(
        select(Evidence.id).where(Evidence.stored_file_id == stored_file_id)
    ).scalars()
    return [f"file:{i}" for i in set(files)] + [f"evidence:{i}" for i in evidence]
