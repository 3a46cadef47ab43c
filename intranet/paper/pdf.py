"""The paper as PDF: the template ``paper/paper.html`` rendered by WeasyPrint.

The font is Liberation Serif (Debian's fonts-liberation, metric-compatible with Times New
Roman, which the decree names); where it is not installed the stylesheet falls back to Times New
Roman, Tinos, DejaVu Serif, then any serif font fontconfig offers.
"""

from flask import render_template

from intranet.paper import MOTTO, NATION, Paper, date_line


def html(paper: Paper) -> str:
    return render_template(
        "paper/paper.html", paper=paper, nation=NATION, motto=MOTTO, date_line=date_line(paper)
    )


def render(paper: Paper) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(paper)).write_pdf()
