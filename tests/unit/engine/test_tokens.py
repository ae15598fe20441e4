"""Mailed links: signed for one purpose, and expiring by the injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.people.tokens import TokenInvalid, make_token, read_token

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_a_token_reads_back_until_it_expires():
    token = make_token("secret", "reset", {"u": 7}, NOW + timedelta(hours=1))
    assert read_token("secret", "reset", token, NOW + timedelta(minutes=59))["u"] == 7
    with pytest.raises(TokenInvalid):
        read_token("secret", "reset", token, NOW + timedelta(hours=1))


@pytest.mark.parametrize(("secret", "purpose"), [("other secret", "reset"), ("secret", "verify")])
def test_a_token_is_good_only_with_its_key_and_for_its_purpose(secret, purpose):
    token = make_token("secret", "reset", {"u": 7}, NOW + timedelta(hours=1))
    with pytest.raises(TokenInvalid):
        read_token(secret, purpose, token, NOW)


def test_an_altered_token_is_refused():
    token = make_token("secret", "reset", {"u": 7}, NOW + timedelta(hours=1))
    payload, signature = token.rsplit(".", 1)
    forged = make_token("secret", "reset", {"u": 8}, NOW + timedelta(hours=1)).rsplit(".", 1)[0]
    for bad in (f"{forged}.{signature}", f"{payload}.{signature[:-2]}xx", "", "garbage"):
        with pytest.raises(TokenInvalid):
            read_token("secret", "reset", bad, NOW)
