"""Reminders: unit heads 30, 7 and 1 days before the deadline, the secretariat once the deadline
has passed with no report; each once, in the app and by e-mail when a server is configured."""

from datetime import date, datetime, timedelta

import pytest
from flask.cli import FlaskGroup
from sqlalchemy import select

from intranet.accounts.models import User
from intranet.extensions import db
from intranet.supervision import reminders
from intranet.supervision.models import Notification
from tests.supervision.conftest import plain, post


def run(app) -> int:
    with app.app_context():
        return reminders.send_due()


def messages(app, person_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.execute(
                select(Notification.message)
                .where(Notification.user_id == person_id)
                .order_by(Notification.id)
            ).scalars()
        )


def set_email(app, person_id: int, email: str) -> None:
    with app.app_context():
        db.session.get(User, person_id).email = email
        db.session.commit()


@pytest.mark.parametrize(
    "today, left", [(date(2025, 5, 31), 30), (date(2025, 6, 23), 7), (date(2025, 6, 29), 1)]
)
def test_unit_heads_without_a_report_are_reminded_30_7_and_1_days_before(
    app, plan, people, freeze, today, left
):
    freeze(today)

    assert run(app) == 2
    assert messages(app, people["unit_head"]) == [
        f"Còn {left} ngày đến hạn nộp báo cáo thi đua năm 2025 của Khoa Công nghệ thông tin "
        "(hạn 30/06/2025)."
    ]
    assert messages(app, people["kkt_head"]) == [
        f"Còn {left} ngày đến hạn nộp báo cáo thi đua năm 2025 của Khoa Kinh tế (hạn 30/06/2025)."
    ]


def test_running_the_reminders_twice_the_same_day_sends_nothing_new(app, plan, people, freeze):
    freeze(date(2025, 6, 23))
    run(app)

    assert run(app) == 0
    assert len(messages(app, people["unit_head"])) == 1


def test_more_than_30_days_before_the_deadline_nobody_is_reminded(app, plan, people, freeze):
    freeze(date(2025, 5, 30))

    assert run(app) == 0
    assert messages(app, people["unit_head"]) == []


def test_run_every_day_a_unit_head_gets_the_three_reminders_once_each(app, plan, people, freeze):
    day = date(2025, 5, 1)
    while day <= date(2025, 6, 30):
        freeze(day)
        run(app)
        day += timedelta(days=1)

    assert [m.split(" ngày")[0] for m in messages(app, people["unit_head"])] == [
        "Còn 30",
        "Còn 7",
        "Còn 1",
    ]


def test_a_job_starting_late_sends_only_the_nearest_reminder(app, plan, people, freeze):
    freeze(date(2025, 6, 26))  # 4 days left: the 30- and 7-day reminders were never sent

    run(app)

    assert messages(app, people["unit_head"]) == [
        "Còn 4 ngày đến hạn nộp báo cáo thi đua năm 2025 của Khoa Công nghệ thông tin "
        "(hạn 30/06/2025)."
    ]


def test_a_unit_that_has_submitted_gets_no_reminder(app, plan, people, freeze, submit):
    submit("KCNTT", 2025, at=datetime(2025, 6, 10, 2, 0))
    freeze(date(2025, 6, 23))

    run(app)

    assert messages(app, people["unit_head"]) == []
    assert len(messages(app, people["kkt_head"])) == 1


def test_a_unit_whose_report_was_returned_is_reminded_again(
    app, plan, people, freeze, submit, return_report
):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 10, 2, 0))
    freeze(date(2025, 6, 15))
    return_report(report)
    freeze(date(2025, 6, 23))

    run(app)

    # The return itself was told too (tests/notifications); the reminder comes again.
    reminders = [m for m in messages(app, people["unit_head"]) if m.startswith("Còn 7 ngày")]
    assert len(reminders) == 1


def test_staff_are_not_reminded(app, plan, people, freeze):
    freeze(date(2025, 6, 23))

    run(app)

    assert messages(app, people["staff"]) == []


def test_after_the_deadline_the_secretariat_is_told_once_per_unit_without_a_report(
    app, plan, people, freeze, submit
):
    submit("KCNTT", 2025, at=datetime(2025, 6, 10, 2, 0))
    freeze(date(2025, 7, 1))

    run(app)

    told = messages(app, people["secretariat"])
    assert told[0] == "Khoa Công nghệ thông tin đã nộp báo cáo thi đua năm 2025."  # on submission
    assert sorted(told[1:]) == [
        f"{unit} chưa nộp báo cáo thi đua năm 2025 (hạn 30/06/2025 đã qua)."
        for unit in (
            "Ban Giám hiệu",
            "Hội đồng Thi đua – Khen thưởng",
            "Khoa Kinh tế",
            "Phòng Hành chính – Tổ chức",
        )
    ]


def test_the_secretariat_is_told_only_once_on_the_days_after(app, plan, people, freeze):
    for day in (1, 2, 15):
        freeze(date(2025, 7, day))
        run(app)

    assert len(messages(app, people["secretariat"])) == 5


def test_after_the_deadline_unit_heads_get_no_more_reminders(app, plan, people, freeze):
    freeze(date(2025, 7, 1))

    run(app)

    assert messages(app, people["kkt_head"]) == []


def test_without_a_deadline_in_the_plans_nobody_is_reminded(app, people, freeze):
    freeze(date(2025, 6, 29))

    assert run(app) == 0


def test_the_notifications_page_lists_the_reminders_unread_with_a_link(
    app, plan, people, freeze, sign_in
):
    freeze(date(2025, 6, 23))
    run(app)
    client = sign_in("unit_head")

    response = client.get("/supervision/notifications")
    page = response.get_data(as_text=True)

    assert "Còn 7 ngày đến hạn nộp báo cáo thi đua năm 2025 của Khoa Công nghệ thông tin" in plain(
        response
    )
    assert '<li class="list-group-item fw-semibold"><a href="/supervision/reports">' in page
    assert "1 chưa đọc" in plain(response)  # the bell in the navigation


def test_mark_all_as_read_clears_the_unread_notifications(app, plan, people, freeze, sign_in):
    freeze(date(2025, 6, 23))
    run(app)
    client = sign_in("unit_head")

    response = post(client, "/supervision/notifications/read", follow_redirects=True)

    assert "Còn 7 ngày đến hạn" in plain(response)
    assert "fw-semibold" not in response.get_data(as_text=True).split("<h1")[1]
    assert "chưa đọc" not in plain(response)


def test_mark_all_as_read_leaves_other_peoples_notifications_unread(
    app, plan, people, freeze, sign_in
):
    freeze(date(2025, 6, 23))
    run(app)

    post(sign_in("unit_head"), "/supervision/notifications/read")

    assert "1 chưa đọc" in plain(sign_in("kkt_head").get("/supervision/notifications"))


def test_a_person_without_notifications_is_told_so(app, people, sign_in):
    page = plain(sign_in("staff").get("/supervision/notifications"))

    assert "Bạn không có thông báo nào." in page
    assert "Đánh dấu tất cả đã đọc" not in page


def test_the_reminders_command_sends_and_counts_the_new_ones(app, plan, people, freeze):
    # `flask --app intranet reminders`, loading the test app as the command line loads the real one
    flask = FlaskGroup(create_app=lambda: app, add_default_commands=False, load_dotenv=False)
    runner = app.test_cli_runner()
    freeze(date(2025, 6, 23))

    first = runner.invoke(flask, ["reminders"])
    second = runner.invoke(flask, ["reminders"])

    assert (first.exit_code, first.output.strip()) == (0, "Đã tạo 2 nhắc việc mới.")
    assert (second.exit_code, second.output.strip()) == (0, "Đã tạo 0 nhắc việc mới.")
    assert len(messages(app, people["unit_head"])) == 1


def test_a_reminder_is_e_mailed_when_a_mail_server_is_configured(app, plan, people, freeze, smtp):
    set_email(app, people["unit_head"], "truongkhoa@cdbp.edu.vn")
    freeze(date(2025, 6, 23))

    run(app)

    assert len(smtp.messages) == 1  # the KKT head has no address
    mail = smtp.messages[0]
    assert mail["To"] == "truongkhoa@cdbp.edu.vn"
    assert mail["Subject"] == "Nhắc việc thi đua – khen thưởng"
    assert mail.get_content().strip() == (
        "Còn 7 ngày đến hạn nộp báo cáo thi đua năm 2025 của Khoa Công nghệ thông tin "
        "(hạn 30/06/2025)."
    )


def test_a_reminder_is_e_mailed_once_when_run_twice(app, plan, people, freeze, smtp):
    set_email(app, people["unit_head"], "truongkhoa@cdbp.edu.vn")
    freeze(date(2025, 6, 23))

    run(app)
    run(app)

    assert len(smtp.messages) == 1


def test_a_mail_server_that_is_down_does_not_stop_the_notifications(app, plan, people, freeze):
    set_email(app, people["unit_head"], "truongkhoa@cdbp.edu.vn")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    freeze(date(2025, 6, 23))

    assert run(app) == 2
    assert len(messages(app, people["unit_head"])) == 1


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
