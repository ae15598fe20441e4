"""BPMN and DMN diagrams, one per procedure family, and the procedure catalog (data, no code)."""

from pathlib import Path

CATALOG_DIR = Path(__file__).parent / "catalog"
