"""Who may see and change a document, its files and versions: the one statement of the rule.

Pages, files, the API, templates (``may``) and the search index all ask these rules.
"""

from sqlalchemy import and_, exists, or_

from intranet import policy
from intranet.accounts.models import Role
from intranet.accounts.permissions import heads_unit, publishes
from intranet.documents.errors import Issued
from intranet.documents.models import (
    ISSUED,
    PRE_ISSUE,
    Document,
    DocumentAudience,
    DocumentFile,
    FileVersion,
    Status,
)
from intranet.domain import NotFound
from intranet.policy import Grant, HeadOf, Is, Not


class Audience(Grant):
    """Everyone when a document is for the whole school; else the units and roles it names."""

    def condition(self, model, user):
        named = exists().where(
            DocumentAudience.document_id == Document.id,
            or_(
                DocumentAudience.unit_id == user.unit_id,
                DocumentAudience.role.in_([r.value for r in user.roles]),
            ),
        )
        return and_(self._when_sql(model), or_(Document.audience_all, named))

    def holds(self, user, record) -> bool:
        if not self._when(record):
            return False
        return record.audience_all or any(
            a.unit_id == user.unit_id or (a.role is not None and user.has_role(a.role))
            for a in record.audience
        )

    def tokens(self, record) -> list[str]:
        if not self._when(record):
            return []
        if record.audience_all:
            return ["all"]
        return [
            f"unit:{a.unit_id}" if a.unit_id else f"role:{a.role.value}" for a in record.audience
        ]


# Before issue a document is read by those who read everything and by the head of the unit that
# drafts it; once issued, by its audience.
DOCUMENT = policy.rule(
    "document",
    Document,
    Audience(Not("status", *PRE_ISSUE)),
    HeadOf("unit_id", Is("status", PRE_ISSUE)),
    live=(Is("deleted_at", (None,)),),
)
FILE = policy.rule(
    "document_file", DocumentFile, live=(Is("deleted_at", (None,)),), parent=("document", DOCUMENT)
)
VERSION = policy.rule("file_version", FileVersion, parent=("file", FILE))

# The kinds a unit head drafts for the unit (its own plans and reports), issued in its name.
UNIT_KINDS = ("KH", "BC")


def drafts_for_unit(user) -> bool:
    """A unit head, who drafts the unit's own plans and reports (issuer: the unit's code)."""
    return user.is_authenticated and user.has_role(Role.UNIT_HEAD) and user.unit_id is not None


def _drafts(user, document: Document) -> bool:
    """The secretariat, or the head of the unit that drafts the document."""
    return publishes(user) or heads_unit(user, document.unit_id)


@DOCUMENT.action("create")
def may_create(user, _document=None) -> bool:
    return publishes(user) or drafts_for_unit(user)


# Each action names its state too: what may not be done now is refused, on the pages and in the
# API, and its button is not drawn. On an issued document every change is refused with 409
# (``require``): it is changed only by issuing another document that names it.
@DOCUMENT.action("edit")
def may_edit(user, document: Document) -> bool:
    return document.status == Status.DRAFT and _drafts(user, document)


@DOCUMENT.action("submit")  # trình ký
def may_submit(user, document: Document) -> bool:
    return document.status == Status.DRAFT and _drafts(user, document)


@DOCUMENT.action("sign")  # ký: the leadership (Ban Giám hiệu)
def may_sign(user, document: Document) -> bool:
    return document.status == Status.SUBMITTED and user.has_role(Role.LEADER)


@DOCUMENT.action("return")  # trả lại: back to a draft, with the reason
def may_return(user, document: Document) -> bool:
    if document.status == Status.SUBMITTED:
        return user.has_role(Role.LEADER)
    return document.status == Status.SIGNED and (user.has_role(Role.LEADER) or publishes(user))


@DOCUMENT.action("publish")  # ban hành: the records office (secretariat) numbers and issues
def may_publish(user, document: Document) -> bool:
    return publishes(user) and document.status == Status.SIGNED


@DOCUMENT.action("retire")
def may_retire(user, document: Document) -> bool:
    """Never directly: an issued document is replaced or revoked by issuing another."""
    return False


@DOCUMENT.action("manage_files")
def may_manage_files(user, document: Document) -> bool:
    """Files are added, versioned and trashed before issue (the signed scan until issue)."""
    if document.status == Status.DRAFT:
        return _drafts(user, document)
    return publishes(user) and document.status in PRE_ISSUE


@DOCUMENT.action("manage_tasks")
def may_manage_tasks(user, document: Document) -> bool:
    """A plan's tasks are written with the draft."""
    return document.status == Status.DRAFT and _drafts(user, document)


@DOCUMENT.action("see_readers")
def may_see_readers(user, document: Document) -> bool:
    return publishes(user)


# Actions that read, not change: allowed on an issued document to whoever the rule allows.
READING = {"see", "see_readers", "read"}


def require(user, action: str, document: Document) -> None:
    """NotFound unseen; Issued (409) for a change to an issued document; Denied if refused."""
    if not DOCUMENT.holds(user, document):
        raise NotFound(kind=DOCUMENT.name, record_id=document.id)
    if action not in READING and document.status in ISSUED:
        raise Issued(document)
    policy.require(user, action, document)


def visible_condition(user):
    """A SQL condition on Document: the documents ``user`` may open."""
    return DOCUMENT.condition(user)


def visible_documents(user):
    return policy.visible(Document, user)


def get_visible_or_404(document_id: int, user, *options) -> Document:
    """The document, or NotFound: the same answer for a missing one and one not to be seen."""
    return policy.get_or_404(Document, document_id, user, *options)


def get_file_or_404(file_id: int, user) -> DocumentFile:
    """An attachment not in the trash, of a document the reader may open; else NotFound."""
    return policy.get_or_404(DocumentFile, file_id, user)


def get_version_or_404(version_id: int, user) -> FileVersion:
    """A version of an attachment the reader may open (see get_file_or_404); else NotFound."""
    return policy.get_or_404(FileVersion, version_id, user)


def get_for(action: str, document_id: int, user) -> Document:
    """The document, when ``user`` may take ``action`` on it: NotFound unseen, Issued (409) for
    a change to an issued document, Denied refused."""
    document = policy.get_or_404(Document, document_id, user)
    require(user, action, document)
    return document
