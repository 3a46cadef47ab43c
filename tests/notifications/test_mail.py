"""E-mail: queued with the notification, sent by the worker (never inside the request), only to
those who have an address and want that kind; each person's choices on their page."""

import pytest
from sqlalchemy import select

from intranet.accounts.models import User
from intranet.exemplars import services as exemplars
from intranet.extensions import db
from intranet.notifications import mail, service
from intranet.notifications.models import MailState, Notification
from tests import factories
from tests.conftest import post_form
from tests.notifications.conftest import person, set_emails


def endorse(app, people) -> None:
    """A nomination of Khoa CNTT endorsed: the secretariat and the nominator are told."""
    with app.app_context():
        owner, head = person("staff", people), person("unit_head", people)
        made = factories.exemplar(owner, person_id=people["colleague"])
        factories.evidence(made, owner)
        factories.advance(
            made, "endorsed", owner=owner, head=head, secretariat=person("secretariat", people)
        )


def choose(app, people, key: str, *wanted: str) -> None:
    with app.app_context():
        service.choose_mail(person(key, people), wanted)


def send(app) -> int:
    with app.app_context():
        return mail.send_pending()


def test_the_e_mail_waits_for_the_worker_and_goes_only_to_those_who_want_it(app, people, smtp):
    with app.app_context():
        set_emails(people, secretariat="thuongtruc@cdbp.edu.vn", staff="canbo@cdbp.edu.vn")
    choose(app, people, "staff")  # the nominator wants no e-mail at all

    endorse(app, people)
    assert smtp.messages == []  # nothing inside the request

    assert send(app) == 1
    [sent] = smtp.messages
    assert sent["To"] == "thuongtruc@cdbp.edu.vn"
    assert sent["Subject"] == "Thi đua – khen thưởng: Đề xuất điển hình đã được đơn vị xác nhận"
    assert sent.get_content().strip() == (
        "Khoa Công nghệ thông tin đã xác nhận đề xuất điển hình “Lê Thị Hoa” (năm 2024): "
        "chờ công nhận."
    )
    assert send(app) == 0  # each once


def test_a_person_who_keeps_the_default_gets_the_e_mail(app, people, smtp):
    with app.app_context():
        set_emails(people, staff="canbo@cdbp.edu.vn")

    endorse(app, people)
    send(app)

    assert {m["To"] for m in smtp.messages} == {"canbo@cdbp.edu.vn"}
    assert sorted(m["Subject"] for m in smtp.messages) == [
        "Thi đua – khen thưởng: Minh chứng đã được xem xét",  # the head accepted the file
        "Thi đua – khen thưởng: Đề xuất điển hình đã được đơn vị xác nhận",
    ]


def test_a_person_without_an_address_gets_the_notification_only(app, people, smtp):
    endorse(app, people)

    assert send(app) == 0
    with app.app_context():
        states = db.session.execute(select(Notification.mail_state)).scalars().all()
    assert states and set(states) == {None}


def test_without_a_mail_server_nothing_is_queued(app, people):
    with app.app_context():
        set_emails(people, secretariat="thuongtruc@cdbp.edu.vn")

    endorse(app, people)

    assert send(app) == 0
    with app.app_context():
        assert (
            db.session.execute(
                select(Notification.id).where(Notification.mail_state.is_not(None))
            ).first()
            is None
        )


def test_a_mail_server_down_keeps_the_e_mail_for_later_then_gives_up(app, people):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed)
    with app.app_context():
        set_emails(people, secretariat="thuongtruc@cdbp.edu.vn")
    endorse(app, people)

    for _ in range(mail.MAX_ATTEMPTS - 1):
        assert send(app) == 0
    with app.app_context():
        row = db.session.execute(
            select(Notification).where(Notification.mail_state.is_not(None))
        ).scalar_one()
        assert (row.mail_state, row.mail_attempts) == (MailState.PENDING, mail.MAX_ATTEMPTS - 1)
    send(app)
    with app.app_context():
        assert (
            db.session.execute(
                select(Notification.mail_state).where(Notification.mail_state.is_not(None))
            ).scalar_one()
            == MailState.FAILED
        )


def test_the_e_mail_links_to_the_record_when_the_site_address_is_set(app, people, smtp):
    app.config["MAIL_BASE_URL"] = "https://thidua.cdbp.edu.vn/"
    with app.app_context():
        set_emails(people, secretariat="thuongtruc@cdbp.edu.vn")

    endorse(app, people)
    send(app)

    body = smtp.messages[0].get_content()
    assert "Xem tại: https://thidua.cdbp.edu.vn/exemplars/" in body


def test_a_commit_that_queued_e_mail_wakes_the_worker(app, people, smtp, monkeypatch):
    from intranet.notifications import worker

    woken = []
    monkeypatch.setattr(worker, "wake", lambda: woken.append(True))
    with app.app_context():
        set_emails(people, unit_head="truongkhoa@cdbp.edu.vn")
        owner = person("staff", people)
        made = factories.exemplar(owner, person_id=people["colleague"])
        factories.evidence(made, owner)
        assert woken == []
        exemplars.take_step(made, "submit", owner)

    assert woken == [True]


# -- the choices page ----------------------------------------------------------------------------
def test_the_choices_page_offers_the_kinds_of_ones_roles(app, people, sign_in):
    leader_page = sign_in("leader").get("/notifications/preferences").get_data(as_text=True)
    staff_page = sign_in("staff").get("/notifications/preferences").get_data(as_text=True)

    assert "Văn bản trình ký" in leader_page
    assert "Văn bản trình ký" not in staff_page
    assert "Đề xuất điển hình bị trả lại để bổ sung" in staff_page
    assert 'value="exemplar_returned" id="email-exemplar_returned" checked' in staff_page


def test_choices_are_kept_per_person_and_kind(app, people, sign_in):
    client = sign_in("staff")

    response = post_form(
        client,
        "/notifications/preferences",
        # a kind the staff member is not offered is ignored
        {"email": ["exemplar_recognised", "document_submitted"]},
        follow_redirects=True,
    )

    assert "Đã lưu lựa chọn nhận thư điện tử." in response.get_data(as_text=True)
    with app.app_context():
        choices = service.mail_choices(db.session.get(User, people["staff"]))
        other = service.mail_choices(db.session.get(User, people["colleague"]))
    assert choices["exemplar_recognised"] is True
    assert choices["exemplar_returned"] is False
    assert "document_submitted" not in choices
    assert other["exemplar_returned"] is True


@pytest.mark.parametrize("path", ["/notifications/", "/supervision/notifications"])
def test_the_notifications_page_answers_at_both_addresses(app, people, sign_in, path):
    page = sign_in("staff").get(path).get_data(as_text=True)

    assert "Bạn không có thông báo nào." in page
    assert 'href="/notifications/preferences"' in page


def test_the_mail_server_is_read_from_the_environment(monkeypatch, tmp_path):
    from intranet import create_app

    monkeypatch.setenv("INTRANET_MAIL_SERVER", "smtp.cdbp.edu.vn")
    monkeypatch.setenv("INTRANET_MAIL_PORT", "587")
    monkeypatch.setenv("INTRANET_MAIL_USE_TLS", "1")
    app = create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        instance_path=str(tmp_path / "instance"),
    )

    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"]) == (
        "smtp.cdbp.edu.vn",
        587,
        True,
    )
