"""DNM Catalogue: a checked catalogue of published research on darknet drug markets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dnm-catalogue")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
