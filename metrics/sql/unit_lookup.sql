-- Every name a unit is known by (canonical, short, aliases), for resolving names typed by users.
SELECT u.unit_id, u.name, u.kind, n.alias
FROM units u
JOIN (SELECT unit_id, alias FROM unit_aliases
      UNION SELECT unit_id, name FROM units
      UNION SELECT unit_id, short_name FROM units WHERE short_name IS NOT NULL) n ON n.unit_id = u.unit_id
ORDER BY u.unit_id;
