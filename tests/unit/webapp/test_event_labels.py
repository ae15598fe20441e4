"""Every event the code records has words for people in the history pages: no raw key such as `payment_started`."""

from __future__ import annotations

import ast
from pathlib import Path

from webapp.labels import EVENT_LABELS

ROOT = Path(__file__).resolve().parents[3]
# (function name, position of the action among its arguments)
RECORDERS = {"record_event": 1, "_milestone": 1, "finish": 0}
# engine/people/staff.py and engine/store/shelf.py pick one of each pair
CHOSEN_AT_RUN_TIME = {"staff_deactivated", "staff_reactivated", "stored_document_hidden", "stored_document_shown"}


def _recorded_actions() -> dict[str, str]:
    """Each action named where an event is recorded, as a string or a module constant, with the file naming it."""
    actions: dict[str, str] = {}
    for folder in ("engine", "webapp", "reports", "sla"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = {
                target.id: node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                for target in node.targets
                if isinstance(target, ast.Name) and isinstance(node.value.value, str)
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                position = RECORDERS.get(name)
                if position is None or len(node.args) <= position:
                    continue
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    actions.setdefault(argument.value, str(path.relative_to(ROOT)))
                elif isinstance(argument, ast.Name) and argument.id in constants:
                    actions.setdefault(constants[argument.id], str(path.relative_to(ROOT)))
    return actions


def test_the_scan_sees_events_of_every_kind_of_recorder():
    actions = _recorded_actions()
    assert {"task_completed", "dossier_received", "calendar_day_added", "deadline_moved_by_day_off"} <= set(actions)
    assert len(actions) > 40


def test_every_recorded_event_has_a_label():
    actions = _recorded_actions() | dict.fromkeys(CHOSEN_AT_RUN_TIME, "engine/people/staff.py")
    unlabelled = {action: where for action, where in actions.items() if action not in EVENT_LABELS}
    assert not unlabelled, f"add these to webapp/labels.py EVENT_LABELS: {unlabelled}"
