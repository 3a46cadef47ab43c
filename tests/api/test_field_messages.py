"""marshmallow's and webargs' messages in the reader's language, values kept (issue 19)."""

import pytest
from flask_babel import force_locale

from intranet.api.errors import _translate
from tests.api.conftest import assert_problem

EN = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Longer than maximum length 200.", "Dài quá 200 ký tự."),
        ("Shorter than minimum length 3.", "Ngắn hơn mức tối thiểu 3 ký tự."),
        ("Length must be between 1 and 20.", "Độ dài phải từ 1 đến 20."),
        ("Must be greater than or equal to 1.", "Phải lớn hơn hoặc bằng 1."),
        ("Must be less than 5.", "Phải nhỏ hơn 5."),
        (
            "Must be greater than or equal to 1 and less than or equal to 100.",
            "Phải lớn hơn hoặc bằng 1 và nhỏ hơn hoặc bằng 100.",
        ),
        ("Must be one of: individual, collective.", "Phải là một trong: individual, collective."),
        ("Not a valid email address.", "Không phải địa chỉ thư điện tử hợp lệ."),
        ("Invalid value.", "Giá trị không hợp lệ."),
        ("Missing data for required field.", "Thiếu trường bắt buộc."),
    ],
)
def test_messages_are_said_in_vietnamese_and_back_in_english(app, english, vietnamese):
    with app.test_request_context():
        with force_locale("vi"):
            assert _translate([english]) == [vietnamese]
        with force_locale("en"):
            assert _translate([english]) == [english]  # the English catalogue says it back


def test_an_unknown_message_is_left_as_it_is(app):
    with app.test_request_context(), force_locale("vi"):
        assert _translate({"x": ["Something new."]}) == {"x": ["Something new."]}


def test_a_range_refused_in_a_query_is_vietnamese_with_its_bounds(api):
    body = assert_problem(api("staff").get("/api/v1/documents?per_page=101"), 422)
    text = " ".join(str(m) for m in body["errors"]["per_page"])
    assert "101" not in text and "100" in text and "nhỏ hơn hoặc bằng" in text
    english = assert_problem(api("staff").get("/api/v1/documents?per_page=101", headers=EN), 422)
    assert "less than or equal to 100" in " ".join(english["errors"]["per_page"])


def test_a_length_refused_in_a_query_is_vietnamese_with_the_number(api):
    body = assert_problem(api("staff").get("/api/v1/units?q=" + "a" * 101), 422)
    assert body["errors"]["q"] == ["Dài quá 100 ký tự."]
    english = assert_problem(api("staff").get("/api/v1/units?q=" + "a" * 101, headers=EN), 422)
    assert english["errors"]["q"] == ["Longer than maximum length 100."]


def test_a_choice_refused_in_a_body_lists_the_choices_in_vietnamese(api):
    response = api("staff").post(
        "/api/v1/exemplars",
        json={"subject": "ai đó", "year": 2024, "achievement": "Giỏi", "name": "A"},
    )
    [message] = assert_problem(response, 422)["errors"]["subject"]
    assert message.startswith("Phải là một trong: ") and "individual" in message
