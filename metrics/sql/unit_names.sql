-- Names of the units of some kinds.
SELECT unit_id, name, short_name, subkind FROM units WHERE list_contains($kinds, kind);
