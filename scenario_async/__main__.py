"""`python -m scenario_async <command>` and the `scenario-async` console script."""

import sys

from .cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
