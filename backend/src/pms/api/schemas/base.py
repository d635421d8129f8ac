"""The base of every request body: unknown fields are refused, and so is text no database can hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from pms.ledger_limits import has_lone_surrogates


def _any_text(value: Any, bad: Callable[[str], bool]) -> bool:
    if isinstance(value, str):
        return bad(value)
    if isinstance(value, list | tuple | set):
        return any(_any_text(v, bad) for v in value)
    if isinstance(value, dict):
        return any(_any_text(k, bad) or _any_text(v, bad) for k, v in value.items())
    return False


def _has_nul(value: Any) -> bool:
    return _any_text(value, lambda text: "\x00" in text)


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold U+0000; refuse it here, with the field's name, for every backend.
        if _has_nul(value):
            raise ValueError("must not contain the NUL character (U+0000)")
        # JSON may escape half a surrogate pair ("\\ud800"); no UTF-8 text can hold it.
        if _any_text(value, has_lone_surrogates):
            raise ValueError("must be valid Unicode text (it holds a lone surrogate)")
        return value
