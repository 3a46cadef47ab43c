"""Who may see and change a document, its files and versions: the one statement of the rule.

Pages, files, the API, templates (``may``) and the search index all ask these rules.
"""

from sqlalchemy import and_, exists, or_

from intranet import policy
from intranet.accounts.permissions import publishes
from intranet.documents.models import (
    Document,
    DocumentAudience,
    DocumentFile,
    FileVersion,
    Status,
)
from intranet.policy import Grant, Is, Not


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


# A draft is read only by those who read everything; a published one by its audience.
DOCUMENT = policy.rule(
    "document", Document, Audience(Not("status", Status.DRAFT)), live=(Is("deleted_at", (None,)),)
)
FILE = policy.rule(
    "document_file", DocumentFile, live=(Is("deleted_at", (None,)),), parent=("document", DOCUMENT)
)
VERSION = policy.rule("file_version", FileVersion, parent=("file", FILE))


@DOCUMENT.action("create")
def may_create(user, _document=None) -> bool:
    return publishes(user)


# Each action names its state too: what may not be done now is refused (403) like what may
# never be done, on the pages and in the API, and its button is not drawn.
@DOCUMENT.action("edit")
def may_edit(user, document: Document) -> bool:
    return publishes(user) and document.status == Status.DRAFT


@DOCUMENT.action("publish")
def may_publish(user, document: Document) -> bool:
    return publishes(user) and document.status == Status.DRAFT


@DOCUMENT.action("retire")  # revoke or supersede
def may_retire(user, document: Document) -> bool:
    return publishes(user) and document.status == Status.PUBLISHED


@DOCUMENT.action("manage_files")
def may_manage_files(user, document: Document) -> bool:
    """Files may be added, replaced by a new version or trashed until a document is retired."""
    return publishes(user) and document.status in (Status.DRAFT, Status.PUBLISHED)


@DOCUMENT.action("manage_tasks")
def may_manage_tasks(user, document: Document) -> bool:
    """A plan's tasks are added and removed by those who publish, in any state."""
    return publishes(user)


@DOCUMENT.action("see_readers")
def may_see_readers(user, document: Document) -> bool:
    return publishes(user)


def visible_condition(user):
    """A SQL condition on Document: the documents ``user`` may open."""
    return DOCUMENT.condition(user)


def visible_documents(user):
    return policy.visible(Document, user)


def get_visible_or_404(document_id: int, user) -> Document:
    """The document, or NotFound: the same answer for a missing one and one not to be seen."""
    return policy.get_or_404(Document, document_id, user)


def get_file_or_404(file_id: int, user) -> DocumentFile:
    """An attachment not in the trash, of a document the reader may open; else NotFound."""
    return policy.get_or_404(DocumentFile, file_id, user)


def get_version_or_404(version_id: int, user) -> FileVersion:
    """A version of an attachment the reader may open (see get_file_or_404); else NotFound."""
    return policy.get_or_404(FileVersion, version_id, user)


def get_for(action: str, document_id: int, user) -> Document:
    """The document, when ``user`` may take ``action`` on it: NotFound unseen, Denied refused."""
    document = policy.get_or_404(Document, document_id, user)
    policy.require(user, action, document)
    return document
