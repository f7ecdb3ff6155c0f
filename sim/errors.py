"""The one exception type for bad input, so entry points can turn it into a one-line message."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import NoReturn


class InputError(ValueError):
    """Bad input at the border: a config value, a seed file, a CLI argument.

    The message always names the field, the bad value and what is allowed, on one line.
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field} = {value!r}: {allowed}")


def one_of(values: Iterable[str]) -> str:
    """Format the allowed values of a categorical field."""
    return "allowed: " + ", ".join(sorted(values))


class OneLineArgumentParser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (`error: ...`, status 2) like every other bad input,
    not the usage block followed by the message."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see --help)\n")
