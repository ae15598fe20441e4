"""The administrator brings a corrected diagram in the browser: uploads a version with a broken condition and reads
the check's report, uploads the fixed one, deploys it, moves the running dossier after a preview; the dossier's page
then draws the new version with the dossier where it stood."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in
from tests.integration.engine.conftest import Desk

V2 = Path(__file__).resolve().parents[1] / "integration" / "engine" / "one_stop_v2.bpmn"
CHECKING = 90_000  # the check dry-runs every path of the diagram: seconds, not milliseconds


def _dossier_at_review(runtime) -> str:
    desk = Desk(runtime, runtime.clock)
    code = desk.submit(name="Lê Thị Hoa", phone="0912345678")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    return code


def _upload(page: Page, path: Path) -> None:
    page.goto("/admin/diagrams/")
    page.get_by_label("Mã quy trình (để trống: theo tên tệp)").fill("one_stop")
    page.get_by_label("Tệp sơ đồ (.bpmn)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra sơ đồ").click(no_wait_after=True)  # the check takes seconds


def test_a_corrected_diagram_is_checked_deployed_and_the_running_dossier_moves(
    page: Page, shots: Shots, app, demo, tmp_path
) -> None:
    runtime = app.extensions["motcua"]
    code = _dossier_at_review(runtime)
    broken = tmp_path / "one_stop.bpmn"
    broken.write_text(
        V2.read_text(encoding="utf-8").replace('review["proposal"] == "refuse"', 'review["proposal"] == "refused"'),
        encoding="utf-8",
    )

    sign_in(page, "quantri")
    _upload(page, broken)
    report = page.locator("#report")
    expect(report).to_contain_text("Sơ đồ one_stop chưa triển khai được: 1 vấn đề", timeout=CHECKING)
    expect(report).to_contain_text(
        'Điều kiện so sánh review["proposal"] với «refused», nhưng trường này chỉ nhận result, supplement, refuse'
    )
    expect(page.get_by_role("button", name="Triển khai phiên bản 2")).to_have_count(0)
    shots(page, "report")

    _upload(page, V2)
    expect(report).to_contain_text("đạt kiểm tra và chạy thử; sẽ là phiên bản 2", timeout=CHECKING)
    shots(page, "passed")
    page.get_by_role("button", name="Triển khai phiên bản 2").click()
    expect(page.locator(".flash-info")).to_contain_text("Đã triển khai one_stop phiên bản 2")
    diagram = page.locator("[data-diagram]")
    expect(diagram).to_have_attribute("data-state", "ready")
    expect(diagram).to_have_attribute("data-warnings", "0")

    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#migrate")).to_contain_text("Xem trước: 1 hồ sơ sẽ chuyển, 0 giữ nguyên.")
    expect(page.locator("#migrate")).to_contain_text(f"{code}: từ phiên bản 1")
    shots(page, "preview")
    page.get_by_role("button", name="Chuyển 1 hồ sơ").click()
    expect(page.locator("#migrate")).to_contain_text("Đã chuyển 1 hồ sơ, 0 giữ nguyên.")
    expect(page.locator(".diagram-count")).to_have_text("1")  # the moved dossier waits at the review of v2
    shots(page, "moved")

    page.goto("/admin/diagrams/")
    expect(page.locator("table.inbox")).to_contain_text("phiên bản 2: 1")
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, "chuyenvien.anhoa")
    page.goto(f"/staff/dossiers/{code}")
    expect(diagram).to_have_attribute("data-state", "ready")
    expect(diagram.locator('.djs-element.current[data-element-id="review"]')).to_have_count(1)
    expect(page.locator("table.history")).to_contain_text("Chuyển sang phiên bản quy trình mới")
    shots(page, "dossier-on-v2")
