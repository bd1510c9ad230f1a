"""Reference tables and vocabularies as data files, each citing its source; ``load`` reads one."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (the wheels are): ten times faster, same result."""


@cache
def load(name: str) -> Any:
    """The parsed YAML file ``name`` of this folder (read once per process)."""
    return parse(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def parse(text: str) -> Any:
    """YAML text as plain data (a user's own scheme file too): raises ``yaml.YAMLError`` when it is not YAML."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader: plain data, no Python objects
