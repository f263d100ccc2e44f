"""Configuration: ``[tool.hartonomous]`` in pyproject.toml, or hartonomous.toml / .hartonomous.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAMES = ("hartonomous.toml", ".hartonomous.toml", "pyproject.toml")
_KEYS = frozenset(
    {
        "target",
        "select",
        "ignore",
        "extend-select",
        "per-file-ignores",
        "exclude",
        "severity",
        "rules",
    }
)
SEVERITIES = ("error", "warning", "info")


class ConfigError(ValueError):
    pass


@dataclass(slots=True)
class Config:
    path: Path | None = None
    target: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path else None


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml counts only with our table)."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "hartonomous" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("hartonomous", {})
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None) -> Config:
    where = str(path) if path else "settings"
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    config = Config(path=path)
    from .catalog.sqlproj import TARGETS

    if "target" in data:
        if data["target"] not in TARGETS:
            raise ConfigError(
                f"{where}: target {data['target']!r} is not one of {', '.join(TARGETS)}"
            )
        config.target = data["target"]
    config.select = _codes(data, "select", where) if "select" in data else None
    config.ignore = _codes(data, "ignore", where) or []
    config.extend_select = _codes(data, "extend-select", where) or []
    config.exclude = _strings(data, "exclude", where)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
    config.per_file_ignores = {
        k: _as_list(v, f"per-file-ignores.{k}", where) for k, v in pfi.items()
    }
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}: severity must be a table of CODE = level")
    for code, level in sev.items():
        if level not in SEVERITIES:
            raise ConfigError(
                f"{where}: severity.{code} = {level!r} is not one of {', '.join(SEVERITIES)}"
            )
    config.severity = dict(sev)
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{where}: rules must be tables, as [rules.HT101]")
    config.rules = rules
    return config


def _codes(data: dict[str, Any], key: str, where: str) -> list[str] | None:
    if key not in data:
        return None
    return [c.strip() for c in _as_list(data[key], key, where)]


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    return _as_list(data.get(key, []), key, where)


def _as_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where}: {key} must be a list of strings")
