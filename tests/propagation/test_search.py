"""Search finds stories and activities with their rules: a draft story only by its author (and
those who read everything), a published one and the activities by every member of staff."""

from intranet.accounts.models import User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.propagation import services
from tests import factories
from tests.indexing.conftest import run_worker, search_page

PUBLISHED, DRAFT, AUDIENCE = "xylophonbaidang", "xylophonbainhap", "xylophondoituong"


def test_search_finds_stories_and_activities_under_their_rules(app, people, recognised, sign_in):
    with app.app_context():
        get = lambda key: db.session.get(User, people[key])  # noqa: E731
        exemplar = db.session.get(Exemplar, recognised)
        factories.activity(exemplar, get("unit_head"), "bulletin", audience=f"Bản tin {AUDIENCE}")
        story = services.save_story(None, exemplar, get("unit_head"), "Bài đăng", PUBLISHED)
        services.publish_story(story, get("secretariat"))
        services.save_story(None, exemplar, get("unit_head"), "Bài nháp", DRAFT)
    run_worker(app)

    other = sign_in("other_staff")
    assert search_page(other, PUBLISHED).titles == ["Bài đăng"]
    assert search_page(other, DRAFT).titles == []
    assert search_page(sign_in("unit_head"), DRAFT).titles == ["Bài nháp"]
    assert search_page(sign_in("inspector"), DRAFT).titles == ["Bài nháp"]
    assert search_page(other, AUDIENCE).titles == ["Bản tin: Nguyễn Văn Bình"]
