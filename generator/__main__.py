"""Allow `python -m generator ...` as an alias of the `digest` console script."""

import sys

from generator.cli import main

sys.exit(main())
