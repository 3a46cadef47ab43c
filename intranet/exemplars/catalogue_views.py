"""The secretariat edits the catalogues (fields, movements, titles, forms, kinds, levels)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet import policy
from intranet.domain import NotFound, RuleBroken
from intranet.exemplars import bp, catalogues
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.forms import CatalogueEntryForm
from intranet.extensions import gettext as _


@bp.get("/catalogues")
@login_required
def catalogue_list():
    policy.require(current_user, "edit", CatalogueEntry)
    groups = [(g, catalogues.entries(g, active_only=False)) for g in Group]
    return render_template("exemplars/catalogues.html", groups=groups)


@bp.route("/catalogues/<group>/new", methods=["GET", "POST"])
@bp.route("/catalogues/<group>/<int:entry_id>", methods=["GET", "POST"])
@login_required
def catalogue_entry(group: str, entry_id: int | None = None):
    if group not in Group.__members__.values():
        raise NotFound()
    group = Group(group)
    if entry_id is None:
        policy.require(current_user, "create", CatalogueEntry)
        entry = None
    else:
        entry = policy.get_or_404(CatalogueEntry, entry_id, current_user)
        policy.require(current_user, "edit", entry)
        if entry.group != group:
            raise NotFound()
    form = CatalogueEntryForm(obj=entry)
    if request.method == "GET" and entry is not None:
        form.applies_to.data = entry.applies_to.value
    if form.validate_on_submit():
        try:
            catalogues.save_entry(
                entry,
                group,
                form.name.data,
                form.applies_to.data,
                form.active.data,
                entry.document_id if entry else None,
                form.threshold.data if group == Group.TITLE else None,
            )
        except RuleBroken as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu danh mục."), "success")
            return redirect(url_for("exemplars.catalogue_list"))
    return render_template("exemplars/catalogue_form.html", form=form, group=group, entry=entry)
