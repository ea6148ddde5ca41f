"""The release, read by the package build (pyproject's dynamic version) and by the code."""

__version__ = "0.1.0"
