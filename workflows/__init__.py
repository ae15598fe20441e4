"""BPMN and DMN diagrams, one per procedure family, and the procedure catalog (data, no code)."""

from pathlib import Path

PROCEDURES_DIR = Path(__file__).parent / "procedures"
DIAGRAMS_DIR = Path(__file__).parent
LANES_FILE = Path(__file__).parent / "lanes.json"
