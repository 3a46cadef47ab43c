"""Hostile values in every field of every form: a clear answer, escaped output, nothing stored
where it should not be, and never a server error.

Each form is read from its page as a browser would, filled with valid values, then sent again
and again with one field replaced by a hostile value: markup and script, control characters, a
NUL, path tricks, a 30-digit number, 1 MB, empty. Afterwards every page that shows what was
stored is read back: the raw markup must never appear unescaped.
"""

import io

from tests.conftest import PASSWORD
from tests.resilience.forms import forms_of
from tests.resilience.hostile import (
    HOSTILE,
    SAVED_WITH_200,
    TXT,
    Tally,
    business_rows,
    client_of,
    read_back,
    serial,
    stored_names_are_clean,
)


# who, page, a part of the form's action (None: the page itself), valid values to start from
def targets(ids: dict) -> list[tuple[str, str, str | None, dict]]:
    years = iter(range(ids["year"] - 1, 1990, -1))

    def number():
        return {"kind": "TB", "number_symbol": f"{next(serial)}/TB-CĐBP"}

    return [
        (
            "secretariat",
            "/documents/new",
            None,
            lambda: {**number(), "issued_on": "2024-05-20", "summary": "Trích yếu hợp lệ"},
        ),
        (
            "secretariat",
            f"/documents/{ids['draft_id']}/edit",
            None,
            lambda: {"issued_on": "2024-01-05", "summary": "Nháp đã sửa"},
        ),
        (
            "secretariat",
            f"/documents/{ids['plan_id']}",
            "/tasks",
            lambda: {
                "description": "Nhiệm vụ",
                "assignee_text": "Các đơn vị",
                "deadline_yearly": "30/6",
                "target_count": "1",
                "target_text": "Mỗi đơn vị một điển hình",
            },
        ),
        (
            "staff",
            "/exemplars/new",
            None,
            lambda: {"name": "Nguyễn Văn Hợp Lệ", "year": "2024", "achievement": "Thành tích"},
        ),
        (
            "staff",
            f"/exemplars/{ids['nomination_id']}",
            "/evidence",
            lambda: {"title": "Minh chứng", "evidence_date": "2024-05-20", "file": TXT},
        ),
        ("unit_head", f"/exemplars/{ids['exemplar_id']}", "/review", lambda: {"note": "Ghi chú"}),
        (
            "secretariat",
            "/exemplars/catalogues/field/new",
            None,
            lambda: {"name": f"Lĩnh vực {next(serial)}"},
        ),
        ("secretariat", f"/exemplars/decisions/{ids['decision_id']}", None, lambda: {}),
        (
            "inspector",
            "/supervision/inspections/new",
            None,
            lambda: {
                "inspected_on": "2024-05-20",
                "members": "Đoàn kiểm tra",
                "scope": "Hồ sơ thi đua",
            },
        ),
        # One report a year: each try sends the report of an earlier year.
        ("unit_head", lambda: f"/supervision/reports?year={next(years)}", "/reports/", dict),
        (
            "admin",
            "/admin/users/new",
            None,
            lambda: {
                "username": f"nguoidung{next(serial)}",
                "full_name": "Người Dùng Mới",
                "roles": ["staff"],
                "password": "mat-khau-du-dai-12345",
            },
        ),
        ("admin", "/admin/units/new", None, lambda: {"code": f"T{next(serial)}", "name": "Tổ"}),
        ("admin", f"/admin/users/{ids['user_id']}", None, dict),
        ("leader", "/profile", "/profile/tokens", lambda: {"name": "Mã thử", "days": "30"}),
        (
            "leader",
            "/profile",
            "",  # the password form posts to the page itself
            lambda: {"current": PASSWORD, "new": "mat-khau-moi-12345", "confirm": "khac-hẳn"},
        ),
        # Steps with a note: the unit head returns the submitted nomination (last: it moves it).
        (
            "unit_head",
            lambda: f"/exemplars/{ids['new_nomination']()}",
            "/steps/return",
            lambda: {"note": "Lý do"},
        ),
        ("anonymous", "/login", None, lambda: {"username": "canbo", "password": "sai-mat-khau"}),
    ]


def pick_form(page: str, url: str, action: str | None):
    path = url.split("?")[0]
    for form in forms_of(page):
        if form.method != "post" or form.action in ("/logout", "/language"):
            continue
        target = form.action or path
        if (action is None and target == path) or (action and action in target):
            form.action = target
            return form
        if action == "" and form.action == "":
            form.action = path
            return form
    raise AssertionError(f"no form for {action!r} on {url}")


def send(client, form, data: dict):
    data = dict(data)
    if "multipart" in form.enctype:
        for name in ("file", "files", "minutes"):
            if isinstance(data.get(name), tuple):
                filename, content = data[name]
                data[name] = (io.BytesIO(content), filename)
        return client.post(form.action, data=data, content_type="multipart/form-data")
    for name in [k for k, v in data.items() if isinstance(v, tuple)]:
        data.pop(name)
    return client.post(form.action, data=data)


def test_hostile_values_in_every_form_field(app, place):
    tally = Tally()
    clients = {key: client_of(app, key) for key in ("secretariat", "staff", "unit_head")}
    clients |= {key: client_of(app, key) for key in ("inspector", "admin", "leader")}
    clients["anonymous"] = app.test_client()
    shown: set[str] = set()
    for who, page_of, action, valid in targets(place):
        client = clients[who]
        # A form that changes its record for good (revoke, a step) gets a fresh record each time.
        fresh_each_time = callable(page_of)
        url = page_of() if fresh_each_time else page_of
        form = None
        first = pick_form(client.get(url).get_data(as_text=True), url, action)
        names = dict.fromkeys(f.name for f in first.fields if f.name and f.kind != "file")
        for name in names:
            for label, value in HOSTILE.items():
                if form is None:  # the page as a browser has it now: its token and values
                    url = url or page_of()
                    page = client.get(url)
                    assert page.status_code == 200, f"{who} {url}: {page.status_code}"
                    form = pick_form(page.get_data(as_text=True), url, action)
                data = {**form.values(), **valid(), name: value}
                before = business_rows(app)
                response = send(client, form, data)
                tally.counts["tried"] += 1
                tally.counts_by_status[response.status_code] += 1
                where = f"{who} {form.action} {name}={label}"
                tally.look(response, where)
                if response.status_code in (302, 303):
                    target = response.headers["Location"]
                    shown.add(target)
                    tally.look(client.get(target), f"{where} -> {target}")
                    form = None
                    url = None if fresh_each_time else url
                elif business_rows(app) != before and not form.action.endswith(SAVED_WITH_200):
                    tally.problem("stored_wrongly", f"{where}: {response.status_code} yet saved")
    read_back(app, clients, shown, tally)
    stored_names_are_clean(app, tally)
    tally.report("forms")
