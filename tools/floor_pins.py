"""Print pip constraints pinning each `>=` floor of the package's dependencies and `cli` extra.

`make test-floor` installs exactly these, so that a floor in pyproject.toml is a version the
suite has passed on, not a guess. The floors are read from pyproject.toml alone: no second list.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def floor_pins(pyproject: dict[str, object]) -> list[str]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    requirements = [*project["dependencies"], *project["optional-dependencies"]["cli"]]
    pins = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match is None:
            raise SystemExit(f"{requirement!r} has no '>=' floor to pin: give it one")
        name, _extras, version = match.groups()
        pins.append(f"{name}=={version}")
    return pins


if __name__ == "__main__":
    print("\n".join(floor_pins(tomllib.loads(Path(sys.argv[1]).read_text()))))
