"""salesops: competitor price monitoring and territory planning for sales-ops teams."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("salesops")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
