"""Filters for showing a journal payload: its JSON shape decided in Python, not guessed from attribute lookups.

A template lookup such as `value.items` finds a payload key called "items" before the dict method, so the shape
of a value is named here instead.
"""

from typing import Any

from django import template

register = template.Library()


@register.filter
def json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "dict" if value else "empty"
    if isinstance(value, list):
        return "list" if value else "empty"
    return "scalar"


@register.filter
def json_pairs(value: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(value.items())
