"""Command line: `python -m etl init [--samples]` (more commands in etl.cli)."""
from etl.cli import main

raise SystemExit(main())
