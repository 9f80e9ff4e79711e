"""Command line: `python -m etl init|load|batches|undo|template|alias|user` (see etl.cli)."""

from etl.cli import main

raise SystemExit(main())
