"""The public lookup: a dossier code plus the applicant's phone or ID number shows status and dates only.
A wrong second factor is answered exactly as an unknown code, and guessing is rate limited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.dossiers.submission import Applicant, submit
from engine.models import Channel, User
from tests.e2e.conftest import csrf_token

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def code(app) -> str:
    """A counter dossier whose applicant gave a phone and an ID number."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        clerk = uow.session.scalar(select(User.id).where(User.username == "motcua.anhoa"))
    applicant = Applicant("Lê Văn Cường", id_number="001088001122", phone="0903 111 222", address="7 Phố Huế")
    return submit(
        rt,
        rt.unit_of_work(),
        procedure="birth_registration",
        receiving_unit="000.01.10.H99",
        channel=Channel.COUNTER,
        actor_id=clerk,
        applicant=applicant,
    ).dossier_code


def _look(client, code, factor):
    token = csrf_token(client, f"/lookup?code={code}")
    return client.post("/lookup", data={"csrf_token": token, "code": code, "factor": factor})


@pytest.mark.parametrize("factor", ["0903111222", "+84 903 111 222", "001088001122", " 001 088 001 122 "])
def test_code_and_phone_or_id_number_show_status_and_dates_only(client, code, factor):
    answer = _look(client, code.lower(), factor)
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert code in page and "Mới gửi, chờ tiếp nhận" in page and "09:00 23/11/2026" in page
    for private in ("Lê Văn Cường", "001088001122", "0903111222", "7 Phố Huế"):
        assert private not in page


def test_the_code_comes_prefilled_from_the_link_in_a_notice(client, code):
    assert f'value="{code}"' in client.get(f"/lookup?code={code}").get_data(as_text=True)


def test_a_wrong_factor_reads_exactly_like_an_unknown_code(client, code):
    wrong_factor = _look(client, code, "0903111223")
    unknown_code = _look(client, "000.01.10.H99-261123-0099", "0903111222")
    assert wrong_factor.status_code == unknown_code.status_code == 404

    def body(response, typed_code):
        return response.get_data(as_text=True).replace(typed_code, "CODE")

    assert body(wrong_factor, code) == body(unknown_code, "000.01.10.H99-261123-0099")
    assert "Mới gửi" not in wrong_factor.get_data(as_text=True)


def test_an_empty_factor_never_matches_a_dossier_without_one(client, dossier):
    assert _look(client, dossier, "").status_code == 400  # the form asks for it
    assert _look(client, dossier, "-").status_code == 404  # the demo dossier has no phone or ID number


def test_guessing_is_rate_limited(client, code):
    for attempt in range(10):
        assert _look(client, code, f"09000000{attempt:02d}").status_code == 404
    assert _look(client, code, "0903111222").status_code == 429


def test_a_missing_field_is_named_in_the_page_language(client):
    refused = client.post("/lookup", data={"csrf_token": csrf_token(client, "/lookup"), "code": "", "factor": ""})
    assert "Bắt buộc nhập." in refused.get_data(as_text=True)
    assert "This field is required." not in refused.get_data(as_text=True)
    client.get("/lang/en")
    refused = client.post("/lookup", data={"csrf_token": csrf_token(client, "/lookup")})
    assert "This field is required." in refused.get_data(as_text=True)
