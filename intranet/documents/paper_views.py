"""The paper copy of a document, as PDF and as DOCX: seen by whoever may see the document."""

from flask_login import current_user, login_required

from intranet import paper
from intranet.documents import access, bp

# The web copy lays out the body as the paper does: articles ("Điều 1.") each their own paragraph.
bp.add_app_template_filter(paper.body, "paper_body")


@bp.get("/<int:document_id>/paper.pdf")
@login_required
def paper_pdf(document_id: int):
    return paper.download(access.get_visible_or_404(document_id, current_user), "pdf")


@bp.get("/<int:document_id>/paper.docx")
@login_required
def paper_docx(document_id: int):
    return paper.download(access.get_visible_or_404(document_id, current_user), "docx")
