"""The meeting pack: deck, notice, one-pager, workbook (renders view models)."""
