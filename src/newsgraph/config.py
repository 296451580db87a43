"""Settings: shipped defaults < user file < environment < CLI flags.

The commented defaults live in ``defaults.toml`` (``newsgraph config`` prints them).
A user file (``$NEWSGRAPH_CONFIG``, else ``./newsgraph.toml``, else
``~/.config/newsgraph/config.toml``) overrides only the keys it sets.
"""

from __future__ import annotations

import copy
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

# environment variable -> (section, key, type)
ENV_VARS: dict[str, tuple[str, str, type]] = {
    "NEWSGRAPH_DB": ("store", "db", str),
    "NEWSGRAPH_WORKERS": ("run", "workers", int),
    "NEWSGRAPH_MODEL": ("nlp", "model", str),
    "NEWSGRAPH_BATCH_SIZE": ("run", "batch_size", int),
    "NEWSGRAPH_WEB_TOKEN": ("web", "token", str),
}


def defaults_text() -> str:
    return resources.files("newsgraph").joinpath("defaults.toml").read_text("utf-8")


def _defaults() -> dict[str, Any]:
    return tomllib.loads(defaults_text())


def user_file() -> Path | None:
    env = os.environ.get("NEWSGRAPH_CONFIG")
    if env:
        p = Path(env)
        if not p.is_file():
            raise ConfigError(f"NEWSGRAPH_CONFIG points at {env}, which is not a file")
        return p
    for p in (Path("newsgraph.toml"), Path.home() / ".config" / "newsgraph" / "config.toml"):
        if p.is_file():
            return p
    return None


def _merge(base: dict[str, Any], over: Mapping[str, Any], where: str) -> None:
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: [{key}] must be a table")
            _merge(base[key], value, f"{where} [{key}]")
        else:
            if type(base[key]) is not type(value) and not (
                isinstance(base[key], float) and isinstance(value, int)
            ):
                raise ConfigError(
                    f"{where}: {key} must be {type(base[key]).__name__}, got {value!r}")
            base[key] = value


def load(flags: Mapping[str, Mapping[str, Any]] | None = None,
         path: str | Path | None = None) -> dict[str, Any]:
    """Resolve the settings. ``flags`` is ``{section: {key: value}}``; None values are unset."""
    cfg = _defaults()
    file = Path(path) if path else user_file()
    if file is not None:
        try:
            data = tomllib.loads(file.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {file}: {exc}") from exc
        _merge(cfg, data, str(file))
    for var, (section, key, typ) in ENV_VARS.items():
        if var in os.environ and os.environ[var] != "":
            try:
                cfg[section][key] = typ(os.environ[var])
            except ValueError as exc:
                raise ConfigError(f"{var}={os.environ[var]!r} is not a valid {typ.__name__}") from exc
    if flags:
        clean = {s: {k: v for k, v in kv.items() if v is not None} for s, kv in flags.items()}
        _merge(cfg, clean, "command line")
    if cfg["run"]["workers"] < 1:
        raise ConfigError("workers must be at least 1")
    return copy.deepcopy(cfg)
