"""Dossier services: the only way a dossier changes; each is one step in one transaction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepResult:
    """What a step did: the dossier's new version (for the next step) and the tasks and milestones reached."""

    dossier_code: str
    version: int
    reached: tuple[str, ...]
