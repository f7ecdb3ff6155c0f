"""Declarative seed records: pydantic v2 models and field types, and one translation of a pydantic
ValidationError into the project's one-line InputError.

A seed reader declares what a record looks like (a `Record` subclass with the field types below)
instead of checking field by field; `parse` validates one row and, on bad input, raises
InputError naming the file, the record, the field path and what is allowed. Checks that need
what other files say (known actors, the episodes) read it from the validation context:
`parse(Model, row, label, actors=...)`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sim.errors import InputError, one_of

SEED_CITATION = re.compile(r"^(\d{3}_[0-9a-f]{16}\.txt) ¶(\d+)$")
_EVIDENCE_CITATION = re.compile(r"^evidence/([a-z_]+\.csv) (\S(?:.*\S)?)$")
CITATION_FORMAT = "a citation like '000_b864a2c696621e71.txt ¶10' or 'evidence/episodes.csv C03'"


class Record(BaseModel):
    """A seed record: unknown keys are refused (a typo must not silently drop a fact), values are
    not coerced (a quoted "3" is not a number, 1 is not true), and records are immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def refuse(allowed: str, field: str | int | None = None, value: Any = None) -> PydanticCustomError:
    """The error a field type raises: `allowed` becomes the message's last part. A record-level check
    (a `model_validator`) names the `field` and `value` it refuses, so the line still names a field;
    a list's check names the bad item by its index (an int `field`)."""
    ctx: dict[str, Any] = {"allowed": allowed}
    if field is not None:
        ctx |= {"field": field, "value": value}
    return PydanticCustomError("allowed", "{allowed}", ctx)


# --- field types --------------------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise refuse("an ISO date YYYY-MM-DD") from None


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refuse("a non-empty text")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise refuse("true or false")
    return value


def _whole(low: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise refuse(f"a whole number >= {low}")
        return value
    return check


def number(low: float, high: float) -> Any:
    """A number (not a bool) in [low, high]; ints become floats."""

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise refuse(f"a number in [{low:g}, {high:g}]")
        return float(value)

    return Annotated[float, BeforeValidator(check)]


def choice(allowed: Iterable[str]) -> Any:
    """One of a closed vocabulary; the message lists it."""
    values = tuple(allowed)

    def check(value: Any) -> str:
        if value not in values:
            raise refuse(one_of(values))
        return str(value)

    return Annotated[str, BeforeValidator(check)]


def parse_citation(text: Any) -> tuple[str, str, int | str]:
    """'000_x.txt ¶10' -> ('seed', file, 10); 'evidence/episodes.csv C03' -> ('evidence', file, 'C03')."""
    s = str(text)
    if m := SEED_CITATION.match(s):
        return "seed", m.group(1), int(m.group(2))
    if m := _EVIDENCE_CITATION.match(s):
        return "evidence", m.group(1), m.group(2)
    raise refuse(CITATION_FORMAT)


def _citations(value: Any) -> tuple[str, ...]:
    """A non-empty list of citations (a '; '-joined string is accepted too)."""
    items = [p.strip() for p in value.split(";")] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise refuse("a non-empty list of citations")
    for i, item in enumerate(items):
        try:
            parse_citation(item)
        except PydanticCustomError:
            raise refuse(CITATION_FORMAT, i, item) from None  # the line names the bad item, not the list
    return tuple(str(i) for i in items)


def _seed_citations(value: Any) -> tuple[str, ...]:
    items = _citations(value)
    for i, item in enumerate(items):
        if parse_citation(item)[0] != "seed":
            raise refuse("seed paragraphs only (the seeds coding rests on the five sources)", i, item)
    return items


def _actor(value: Any, info: ValidationInfo) -> str:
    actors: frozenset[str] = (info.context or {}).get("actors", frozenset())
    if value not in actors:
        raise refuse(one_of(actors))
    return str(value)


def _member(value: Any, info: ValidationInfo) -> str:
    members: frozenset[str] = (info.context or {}).get("members", frozenset())
    if value not in members:
        raise refuse(one_of(members))
    return str(value)


Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Count = Annotated[int, BeforeValidator(_whole(0))]
Positive = Annotated[int, BeforeValidator(_whole(1))]
Unit = number(0.0, 1.0)
Citations = Annotated[tuple[str, ...], BeforeValidator(_citations)]
SeedCitations = Annotated[tuple[str, ...], BeforeValidator(_seed_citations)]
Actor = Annotated[str, BeforeValidator(_actor)]  # a known state (context `actors`)
Member = Annotated[str, BeforeValidator(_member)]  # a member state (context `members`)


class Sourced[T](Record):
    """What a coded value rests on: a `source` citation list, an `assumption` reason, or both (a
    sourced sign with an assumed magnitude); a value with neither is a guess the reader cannot see.
    `Sourced[Unit]` is the model of a value of the field type `Unit` (pydantic keeps one per type)."""

    value: T
    source: Citations | None = None
    assumption: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _has_a_basis(self) -> Sourced[T]:
        if self.source is None and self.assumption is None:
            raise refuse("a 'source' citation list or an 'assumption' reason")
        return self


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind, config=ConfigDict(strict=True))


def parse_value(kind: Any, value: Any, label: str, **context: Any) -> Any:
    """One value of a field type outside a record (a CSV cell, a function's argument): the value, or
    one line `label = value: allowed`."""
    try:
        return _adapter(kind).validate_python(value, context=context)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(err["loc"])
        raise InputError(label + _path(loc), err.get("input") if loc else value, _allowed(Record, err)) from None


# --- one error, one line ------------------------------------------------------------------------

_ALLOWED: dict[str, str] = {  # pydantic's own error types, in the project's words
    "missing": "required",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "a text",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "an ISO date YYYY-MM-DD",
    "too_short": "a non-empty list",
}

def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The record class that holds the last key of `loc` (to list its keys for an unknown one)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        while get_origin(current) in (Union, Annotated, list, tuple, dict) or type(current).__name__ == "UnionType":
            args = [a for a in get_args(current) if a is not type(None) and a is not Ellipsis]
            current = args[-1] if args else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _allowed(model: type[BaseModel], err: Mapping[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "allowed":
        return str(ctx["allowed"])
    if kind == "extra_forbidden":
        holder = _model_at(model, tuple(err["loc"]))
        keys = sorted(f.alias or name for name, f in holder.model_fields.items()) if holder else []
        return "an unknown key; " + (one_of(keys).replace("allowed:", "allowed keys:") if keys else "none allowed")
    if kind in ("literal_error", "enum"):
        return f"allowed: {ctx.get('expected', '')}"
    return _ALLOWED.get(kind, str(err["msg"]))


def parse[M: BaseModel](model: type[M], row: Any, label: str, **context: Any) -> M:
    """Validate one record (`label` names the file and record, e.g. 'seeds/members.yaml: members[KAZ]');
    on bad input raise the first problem as one line naming the field path and what is allowed."""
    try:
        return model.model_validate(row, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # an unknown key first: a misspelt key also leaves the right one missing, and the typo is the cause
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        ctx = err.get("ctx") or {}
        loc = tuple(err["loc"]) + ((ctx["field"],) if "field" in ctx else ())
        value = ctx["value"] if "field" in ctx else None if err["type"] == "missing" else err.get("input")
        more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} in this record)" \
            if len(errors) > 1 else ""
        raise InputError(label + _path(loc), value, _allowed(model, err) + more) from None
