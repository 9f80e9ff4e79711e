"""`python -m metrics ...`: see metrics/cli.py."""

import sys

from metrics.cli import main

sys.exit(main())
