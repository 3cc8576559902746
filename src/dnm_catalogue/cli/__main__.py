"""`python -m dnm_catalogue.cli`: the same command as `dnm-catalogue`."""

import sys

from . import main

sys.exit(main())
