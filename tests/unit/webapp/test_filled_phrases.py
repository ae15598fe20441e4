"""A message filled with details in the core is said in the reader's language, its fixed phrases too."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import Babel, force_locale

from engine.errors import N_, Phrase
from engine.uploads import REFUSED
from engine.uploads.pdfs import ENCRYPTED
from webapp.domain_errors import field_errors

TRANSLATIONS = Path(__file__).resolve().parents[3] / "webapp" / "translations"


def test_a_filled_phrase_is_vietnamese_text_and_translates_with_its_parts():
    phrase = Phrase.of(REFUSED, label="Tờ khai", name="to-khai.pdf", problem=N_(ENCRYPTED))
    assert phrase == "Tờ khai: tệp «to-khai.pdf» được đặt mật khẩu; hãy gửi bản không đặt mật khẩu."
    app = Flask(__name__)
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    with app.test_request_context(), force_locale("en"):
        said = field_errors({"file": phrase})["file"]
    assert said == "Tờ khai: the file «to-khai.pdf» is password-protected; send a copy without a password."
