"""The specialist applies a conditional processing time from the task page; a missing reason is said by the field."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import desk

pytestmark = pytest.mark.usefixtures("demo")


def test_the_specialist_applies_the_time_for_a_dossier_that_must_be_verified(app, client):
    d = desk(app)
    code = d.submit(procedure="birth_residence_health_insurance_under_6")
    d.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    d.complete(code, "hand_over", "motcua.anhoa")
    task = d.task(code, "review").id
    sign_in(client, "chuyenvien.anhoa")
    page = client.get(f"/staff/tasks/{task}").get_data(as_text=True)
    assert "Áp dụng thời hạn giải quyết theo điều kiện" in page and "Trường hợp phải xác minh" in page
    time_id = page.split('name="time_id" value="')[1].split('"')[0]
    path, version = f"/staff/tasks/{task}/conditional", str(d.dossier(code).version)
    data = {"csrf_token": csrf_token(client, f"/staff/tasks/{task}"), "version": version, "time_id": time_id}
    refused = client.post(path, data=data | {"reason": ""})
    assert refused.status_code == 400 and "Lý do: bắt buộc nhập." in refused.get_data(as_text=True)
    assert client.post(path, data=data | {"reason": "Phải xác minh nơi cư trú"}).status_code == 303
    assert d.dossier(code).due_at.astimezone().isoformat().startswith("2026-12-01")
    history = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "Áp dụng thời hạn giải quyết theo điều kiện" in history and "Phải xác minh nơi cư trú" in history
