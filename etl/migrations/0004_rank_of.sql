-- What an official rank is out of (34 provinces, 63 before 2025, 102 communes ...): a rank is
-- meaningless without it, so it gets its own column instead of living in the note.
ALTER TABLE observations ADD COLUMN rank_of INTEGER;
