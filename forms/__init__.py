"""One JSON Schema per user task, with its validation (imports nothing of ours)."""
