"""The JSON type a request field admits, checked before pydantic's lax conversions.

FastAPI validates the decoded body in pydantic's lax Python mode, which turns
``0`` into ``False``, ``true`` into ``1``, ``"12"`` into ``12`` and ``0`` into
the date 1970-01-01. The OpenAPI document promises JSON types, so a request
field only takes values of the JSON kinds its annotation names (an integral
number such as ``2.0`` counts as an integer, as in JSON Schema).
"""

from __future__ import annotations

import datetime
import enum
import functools
import types
import uuid
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

# Types JSON carries as text.
_TEXT = (str, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, enum.Enum)
_LIST_ORIGINS = (list, tuple, set, frozenset)


def kind_of(value: Any) -> str:
    """The JSON kind of a decoded value: null, bool, int, float, str, list, dict (or other)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "int" if value.is_integer() else "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "other"


@functools.cache
def accepted_kinds(annotation: Any) -> frozenset[str] | None:
    """The JSON kinds a field annotated ``annotation`` admits; ``None`` when anything goes."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return accepted_kinds(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        kinds: set[str] = set()
        for member in get_args(annotation):
            member_kinds = accepted_kinds(member)
            if member_kinds is None:
                return None
            kinds |= member_kinds
        return frozenset(kinds)
    if origin is Literal:
        return frozenset(kind_of(value) for value in get_args(annotation))
    if origin in _LIST_ORIGINS or annotation in _LIST_ORIGINS:
        return frozenset({"list"})
    if origin is dict or annotation is dict:
        return frozenset({"dict"})
    if not isinstance(annotation, type):
        return None
    if annotation is type(None):
        return frozenset({"null"})
    if annotation is bool:
        return frozenset({"bool"})
    if annotation is int:
        return frozenset({"int"})
    if annotation is float:
        return frozenset({"int", "float"})
    if issubclass(annotation, _TEXT):
        return frozenset({"str"})
    if issubclass(annotation, BaseModel):
        return frozenset({"dict"})
    return None


# Pydantic's own error type and wording per JSON kind, so a rejected value reads as it always did.
_ERRORS = {
    "bool": ("bool_type", "Input should be a valid boolean"),
    "int": ("int_type", "Input should be a valid integer"),
    "float": ("float_type", "Input should be a valid number"),
    "str": ("string_type", "Input should be a valid string"),
    "list": ("list_type", "Input should be a valid list"),
    "dict": ("dict_type", "Input should be a valid dictionary"),
}


def type_error(annotation: Any) -> tuple[str, str]:
    """The error type and message for a value of the wrong JSON kind for ``annotation``."""
    kinds = (accepted_kinds(annotation) or frozenset()) - {"null"}
    if kinds == {"int", "float"}:
        kinds = frozenset({"float"})
    if len(kinds) == 1:
        return _ERRORS.get(next(iter(kinds)), ("json_type", "Input has the wrong JSON type"))
    return "json_type", "Input should be one of the JSON types " + ", ".join(sorted(kinds))


def admits(annotation: Any, value: Any) -> bool:
    """Whether ``value``'s JSON kind fits a field annotated ``annotation``."""
    kinds = accepted_kinds(annotation)
    return kinds is None or kind_of(value) in kinds
