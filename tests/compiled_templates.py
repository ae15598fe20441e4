"""Templates compiled once per test process: every app a test makes shares the compiled code of the pages it renders.

Each app has its own Jinja environment, which would compile every template again (about a second for a few pages);
the cache keeps bytecode by template and checks the source's checksum, so an edited template is compiled anew.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """Jinja bytecode kept in this process's memory."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates() -> None:
    """From now on every Flask app of this process (create_app included) reads and fills the one cache."""
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": CompiledTemplates()}
