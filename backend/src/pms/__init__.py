"""PMS — a self-hosted personal portfolio management system."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pms")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
