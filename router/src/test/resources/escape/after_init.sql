-- Made on main by the superuser after rift init: rift's event trigger guards it in this transaction.
CREATE TABLE late_notes (note text NOT NULL);
INSERT INTO late_notes VALUES ('kept');
GRANT SELECT ON late_notes TO ${reader}, ${dev};
