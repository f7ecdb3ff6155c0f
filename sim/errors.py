"""The one exception type for bad input, so entry points can turn it into a one-line message."""

from __future__ import annotations

from collections.abc import Iterable


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
