"""A story for outside the intranet: the article (one HTML file with its pictures inside) for the
school's website, and the Atom feed of published stories."""

import base64
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import render_template, url_for

from intranet import paper, storage
from intranet.documents.models import Document
from intranet.exemplars.decisions import awards_for_exemplars
from intranet.propagation.models import Story

ATOM = "http://www.w3.org/2005/Atom"
ARTICLE_WIDTH = 800


def awards(story: Story) -> list[str]:
    """The titles the exemplar earned and the issued decisions that gave them: "Chiến sĩ thi
    đua cơ sở (Quyết định số 12/QĐ-CĐBP)"."""
    lines = awards_for_exemplars([story.exemplar_id], Document.deleted_at.is_(None))
    said = []
    for line in lines:
        if line.document.status.value in paper.UNISSUED:
            continue
        what = "; ".join(e.name for e in (line.title, line.form) if e is not None)
        said.append(
            f"{what} (Quyết định số {line.document.symbol})" if what else line.document.symbol
        )
    return said


def _data_uri(stored) -> str:
    with storage.open_verified(stored) as fh:
        data = fh.read()
    return f"data:{stored.mime_type};base64,{base64.b64encode(data).decode('ascii')}"


def article(story: Story) -> str:
    """A standalone HTML article: text, photos (a mid-size copy) as data: URIs, captions."""
    pictures = [(_data_uri(p.best(ARTICLE_WIDTH)), p.caption) for p in story.photos]
    return render_template(
        "propagation/article.html", story=story, pictures=pictures, awards=awards(story)
    )


def _utc(moment: datetime | None) -> str:
    moment = moment or datetime(2000, 1, 1)
    return moment.replace(tzinfo=moment.tzinfo or UTC).isoformat()


def atom(stories: list[Story]) -> bytes:
    """The Atom 1.0 feed (RFC 4287) of the given published stories, newest first."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    sub(root, "id", url_for("propagation.stories_atom", _external=True))
    sub(root, "title", "Gương điển hình tiên tiến – Trường Cao đẳng Bình Phước")
    updated = max((s.published_at for s in stories if s.published_at), default=None)
    sub(root, "updated", _utc(updated))
    sub(root, "link", href=url_for("propagation.stories_atom", _external=True), rel="self")
    author = sub(root, "author")
    sub(author, "name", "Hội đồng Thi đua – Khen thưởng")
    for story in stories:
        link = url_for("propagation.story_detail", story_id=story.id, _external=True)
        entry = sub(root, "entry")
        sub(entry, "id", link)
        sub(entry, "title", story.title)
        sub(entry, "updated", _utc(story.published_at))
        sub(entry, "published", _utc(story.published_at))
        sub(entry, "link", href=link, rel="alternate", type="text/html")
        sub(entry, "summary", story.paragraphs[0] if story.paragraphs else "")
        sub(entry, "content", "\n\n".join(story.paragraphs), type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
