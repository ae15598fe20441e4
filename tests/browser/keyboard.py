"""A keyboard in a browser test: the focus moved with Tab or Shift+Tab, each stop checked to be visibly marked."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

FOCUS_SHOWN = """el => {
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""
MOST_STOPS = 80  # a page with more tab stops before its target is itself a defect for keyboard users


class Keyboard:
    """Moves the focus with Tab or Shift+Tab to an element, checking at each stop that the focus is seen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.stops = 0

    def to(self, target: Locator, *, back: bool = False) -> Locator:
        for _ in range(MOST_STOPS):
            if target.evaluate("el => el === document.activeElement"):
                return target
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            self.stops += 1
            focused = self.page.locator(":focus")
            if focused.count():
                described = focused.evaluate("el => el.outerHTML.slice(0, 120)")
                assert focused.evaluate(FOCUS_SHOWN), f"the focus on {described} is not visible"
        raise AssertionError(f"{target} is not reached within {MOST_STOPS} tab stops")

    def type(self, target: Locator, text: str) -> None:
        self.to(target)
        self.page.keyboard.type(text)

    def choose(self, target: Locator, value: str) -> None:
        """A closed drop-down list moves through its options with the arrow keys."""
        self.to(target)
        for _ in range(target.locator("option").count()):
            if target.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        assert target.input_value() == value

    def date(self, target: Locator, iso: str) -> None:
        """A date field takes the digits of its parts in the order the browser lays them out: dd/mm/yyyy in a
        Vietnamese browser, mm/dd/yyyy in an English one; the left arrow goes back to the first part."""
        year, month, day = iso.split("-")
        self.type(target, day + month + year)
        if target.input_value() != iso:
            self.page.keyboard.press("ArrowLeft")
            self.page.keyboard.press("ArrowLeft")
            self.page.keyboard.type(month + day + year)

    def press(self, target: Locator, key: str = "Enter") -> None:
        self.to(target)
        self.page.keyboard.press(key)
        self.page.wait_for_load_state()
