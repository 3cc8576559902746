"""DNM Catalogue: a checked catalogue of published research on darknet drug markets.

One subpackage per stage, each importing only from the stages before it (tests/test_layout.py):
records -> citations -> site -> cli (README.md, "How it fits together").
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dnm-catalogue")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
