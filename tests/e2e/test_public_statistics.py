"""Public statistics: open without signing in, province and agency figures, waiting dossiers, no personal data."""

from __future__ import annotations

from tests.known_dossiers import load_known_dossiers


def test_anyone_sees_the_years_figures_without_personal_data(app, client):
    load_known_dossiers(app.extensions["motcua"])
    response = client.get("/statistics")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Thống kê tình hình giải quyết thủ tục hành chính năm 2026" in page
    assert "Sở Tư pháp" in page and "2.000815" in page and "<svg" in page
    assert "000.01.10.H99-26A06" in page and "Bổ sung, hoàn thiện giấy tờ" in page
    assert "Người nộp" not in page
