"""Reading compose.yaml the way `docker compose` does: YAML, then variable interpolation.

Interpolation follows the compose specification: `$$` is a literal `$`; `${VAR}` and `$VAR`;
`${VAR:-default}` / `${VAR-default}` (default when unset or empty / when unset);
`${VAR:?message}` / `${VAR?message}` (error when unset or empty / when unset);
`${VAR:+other}` / `${VAR+other}`. Anything else that starts with `$` is an error, so that a typo
cannot pass as a literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values

REPO_ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = REPO_ROOT / "compose.yaml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"

_TOKEN = re.compile(
    r"""\$(?:
        (?P<escaped>\$)
      | \{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}
      | (?P<bare>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<invalid>)
    )""",
    re.VERBOSE,
)


class MissingVariable(ValueError):
    """A `${VAR:?message}` whose variable is not set."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("escaped") is not None:
            return "$"
        if match.group("bare") is not None:
            return env.get(match.group("bare"), "")
        name = match.group("braced")
        if name is None:
            raise ValueError(f"invalid interpolation at {match.start()} in {text!r}")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        is_set = value is not None
        is_nonempty = bool(value)
        present = is_nonempty if op and op.startswith(":") else is_set
        if op is None:
            return value or ""
        if op.endswith("-"):
            return value if present and value is not None else arg
        if op.endswith("?"):
            if not present:
                raise MissingVariable(f"{name}: {arg}")
            return value or ""
        return arg if present else ""

    return _TOKEN.sub(replace, text)


def interpolate_tree(node: Any, env: Mapping[str, str]) -> Any:
    """Interpolate every string value (compose leaves mapping keys alone)."""
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env) for key, value in node.items()}
    return node


def variables_used(text: str) -> set[str]:
    """Every variable name the file refers to."""
    names = set()
    for match in _TOKEN.finditer(text):
        name = match.group("braced") or match.group("bare")
        if name:
            names.add(name)
    return names


def load_raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return data


def load(env: Mapping[str, str]) -> dict[str, Any]:
    """The configuration compose would run with `env` as its variables."""
    config: dict[str, Any] = interpolate_tree(load_raw(), env)
    return config


def env_example_values() -> dict[str, str]:
    """The variables a copy of .env.example sets (commented-out lines set nothing)."""
    return {key: value or "" for key, value in dotenv_values(ENV_EXAMPLE).items()}


_DOCUMENTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def env_example_documented() -> set[str]:
    """Every variable .env.example describes, set or commented out."""
    return set(_DOCUMENTED.findall(ENV_EXAMPLE.read_text()))


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmg]?)b?$", re.IGNORECASE)


def size_in_bytes(size: str | int) -> int:
    """`128M`, `128mb`, `1g`, 512 → bytes (compose and Redis both count in powers of 1024)."""
    if isinstance(size, int):
        return size
    match = _SIZE.match(size.strip())
    if not match:
        raise ValueError(f"not a size: {size!r}")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit])
