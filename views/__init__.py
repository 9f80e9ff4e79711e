"""View models: one pure function per page or export, returning a frozen dataclass to render."""
