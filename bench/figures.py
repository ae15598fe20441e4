"""What every benchmark shares: its `--quick` switch, and its figures printed one per line as `figure NAME VALUE`."""

from __future__ import annotations

import argparse


def argument_parser(description: str) -> argparse.ArgumentParser:
    """The benchmark's command line: `--quick` for small sizes (well under a minute)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check that the benchmark runs")
    return parser


def parse_arguments(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    return argument_parser(description).parse_args(argv)


class Figures:
    """The figures of one run, in the order they were measured; printed together at the end."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def add(self, name: str, value: float) -> None:
        """Four significant digits, never in exponent form for large values."""
        text = f"{value:.4g}"
        self.values[name] = f"{value:.0f}" if "e+" in text else text

    def skip(self, name: str, reason: str) -> None:
        self.values.setdefault(name, f"skipped ({reason})")

    def print(self) -> None:
        for name, value in self.values.items():
            print(f"figure {name} {value}", flush=True)
