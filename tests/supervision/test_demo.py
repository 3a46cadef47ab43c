"""The demo (`flask demo load` on an empty database, looked at on 25/11/2026): the dashboard shows
units that met and missed the target, and reports on time, late and missing."""

from datetime import date
from pathlib import Path

import pytest

from intranet.demo import ACCOUNTS_FILE
from tests.conftest import login
from tests.supervision.conftest import board, plain


@pytest.fixture
def demo(app):
    """The demo loaded on a fresh database (no `users` fixture), with the clock at 25/11/2026;
    returns a client signing in with a demo account: demo("lanhdao")."""
    app.config["TODAY"] = date(2026, 11, 25)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    lines = (Path(app.instance_path) / ACCOUNTS_FILE).read_text(encoding="utf-8").splitlines()
    passwords = dict(line.split() for line in lines)

    def _sign_in(username: str):
        client = app.test_client()
        assert login(client, username, passwords[username]).status_code == 302
        return client

    return _sign_in


def test_the_demo_dashboard_has_units_that_met_and_missed_the_2024_target(demo):
    cells = [row[2024] for row in board(demo("lanhdao")).values()]

    assert {cell["mark"] for cell in cells} == {"met", "missed"}
    assert all(cell["target"] == 1 for cell in cells)


def test_the_demo_dashboard_has_2024_reports_on_time_late_and_missing(demo):
    rows = board(demo("lanhdao"))

    states = {name: row[2024]["state"] for name, row in rows.items()}
    assert states["Khoa Công nghệ thông tin"] == "Nộp đúng hạn"
    assert states["Phòng Hành chính – Tổ chức"] == "Nộp muộn 5 ngày"
    assert states["Khoa Kinh tế"] == "Chưa nộp, quá hạn"
    assert set(states.values()) == {"Nộp đúng hạn", "Nộp muộn 5 ngày", "Chưa nộp, quá hạn"}


def test_the_demo_dashboard_shows_every_unit_to_the_leader(demo):
    assert len(board(demo("lanhdao"))) == 11


def test_the_demo_dashboard_totals_count_the_units_that_met_the_target(demo):
    client = demo("lanhdao")
    met = sum(1 for row in board(client).values() if row[2024]["mark"] == "met")

    assert f"{met}/11 đơn vị đạt" in plain(client.get("/supervision/"))
    assert 0 < met < 11


def test_the_demo_has_an_inspection_of_khoa_kinh_te_with_an_open_follow_up(demo):
    page = plain(demo("kiemtra").get("/supervision/inspections"))

    assert "Khoa Kinh tế 15/10/2024" in page
    assert "1 việc chưa khắc phục" in page
