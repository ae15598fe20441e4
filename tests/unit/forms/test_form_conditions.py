"""The fields a form shows only for some answers come from its schema's if/then rules."""

from __future__ import annotations

from forms.conditions import shown_when
from forms.validation import load_form


def test_the_check_shows_documents_and_note_for_incomplete_and_a_reason_for_ineligible():
    assert shown_when(load_form("check_completeness")) == {
        "missing_documents": ("decision", ["incomplete"]),
        "supplement_note": ("decision", ["incomplete"]),
        "refusal_reason": ("decision", ["ineligible"]),
    }


def test_a_send_back_reason_belongs_to_the_send_back():
    assert shown_when(load_form("department_approval")) == {"reason": ("decision", ["send_back"])}


def test_a_form_without_rules_shows_everything():
    assert shown_when(load_form("hand_over")) == {}
