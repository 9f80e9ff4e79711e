"""Command line: `python -m reports deck|notice|onepager|workbook|charts [--period P] [--out FILE]`."""

from reports.cli import main

raise SystemExit(main())
