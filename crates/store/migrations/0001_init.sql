-- 0001: the Kamer's records, verbatim beside typed columns; links; imported files; sync cursors.
-- Every entity table has the same bookkeeping columns:
--   id          the GUID, lower-cased
--   version     ApiGewijzigdOp / tk:bijgewerkt, normalised (NULL when the source gave none)
--   deleted     1 when the source said Verwijderd; the row stays, hidden (tombstone)
--   raw         the record exactly as it came; raw_format says how it is encoded
--   fields      every scalar field under its OData name, as JSON (derived ones listed in derived)
-- References between records are plain columns, never FOREIGN KEYs: a vote may arrive before
-- its decision, and is resolved when both are present.

CREATE TABLE zaak (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer TEXT, soort TEXT, titel TEXT, onderwerp TEXT, gestart_op TEXT, vergaderjaar TEXT,
  volgnummer INTEGER, status TEXT, afgedaan INTEGER, kabinetsappreciatie TEXT
);
CREATE INDEX zaak_nummer ON zaak(nummer);
CREATE INDEX zaak_soort ON zaak(soort);

CREATE TABLE zaak_actor (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  zaak_id TEXT, actor_naam TEXT, actor_fractie TEXT, actor_afkorting TEXT, functie TEXT,
  relatie TEXT, persoon_id TEXT, fractie_id TEXT
);
CREATE INDEX zaak_actor_zaak ON zaak_actor(zaak_id);
CREATE INDEX zaak_actor_persoon ON zaak_actor(persoon_id);

CREATE TABLE document (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  document_nummer TEXT, soort TEXT, titel TEXT, onderwerp TEXT, datum TEXT, vergaderjaar TEXT,
  volgnummer INTEGER, huidige_document_versie_id TEXT
);
CREATE INDEX document_nummer ON document(document_nummer);

CREATE TABLE document_actor (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  document_id TEXT, actor_naam TEXT, actor_fractie TEXT, functie TEXT, relatie TEXT,
  persoon_id TEXT, fractie_id TEXT
);
CREATE INDEX document_actor_document ON document_actor(document_id);

CREATE TABLE document_versie (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  document_id TEXT, versienummer INTEGER, status TEXT, extensie TEXT, datum TEXT,
  externe_identifier TEXT
);
CREATE INDEX document_versie_document ON document_versie(document_id);
CREATE INDEX document_versie_extern ON document_versie(externe_identifier);

CREATE TABLE document_publicatie (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  document_versie_id TEXT, identifier TEXT, file_name TEXT, content_type TEXT,
  publicatie_datum TEXT
);
CREATE INDEX document_publicatie_versie ON document_publicatie(document_versie_id);

CREATE TABLE kamerstukdossier (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer INTEGER, toevoeging TEXT, titel TEXT, afgesloten INTEGER
);

CREATE TABLE besluit (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  agendapunt_id TEXT, besluit_soort TEXT, besluit_tekst TEXT, stemmings_soort TEXT,
  status TEXT, opmerking TEXT
);
CREATE INDEX besluit_agendapunt ON besluit(agendapunt_id);

CREATE TABLE stemming (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  besluit_id TEXT, soort TEXT, fractie_grootte INTEGER, actor_naam TEXT, actor_fractie TEXT,
  vergissing INTEGER, fractie_id TEXT, persoon_id TEXT
);
CREATE INDEX stemming_besluit ON stemming(besluit_id);
CREATE INDEX stemming_persoon ON stemming(persoon_id);

CREATE TABLE persoon (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer INTEGER, initialen TEXT, tussenvoegsel TEXT, achternaam TEXT, voornamen TEXT,
  roepnaam TEXT, functie TEXT, fractielabel TEXT
);

CREATE TABLE fractie (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer INTEGER, afkorting TEXT, naam_nl TEXT, aantal_zetels INTEGER, datum_actief TEXT,
  datum_inactief TEXT
);

CREATE TABLE fractie_zetel (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  fractie_id TEXT, gewicht INTEGER
);

CREATE TABLE fractie_zetel_persoon (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  fractie_zetel_id TEXT, persoon_id TEXT, functie TEXT, van TEXT, tot_en_met TEXT
);

CREATE TABLE activiteit (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer TEXT, soort TEXT, onderwerp TEXT, datum TEXT, status TEXT, vergaderjaar TEXT,
  voortouwnaam TEXT
);

CREATE TABLE agendapunt (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  activiteit_id TEXT, nummer TEXT, onderwerp TEXT, volgorde INTEGER, rubriek TEXT
);

CREATE TABLE vergadering (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  soort TEXT, titel TEXT, datum TEXT, vergadering_nummer INTEGER, vergaderjaar TEXT
);

CREATE TABLE toezegging (
  id TEXT PRIMARY KEY, version TEXT, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, raw_format TEXT NOT NULL, fields TEXT NOT NULL, derived TEXT NOT NULL,
  nummer TEXT, tekst TEXT, status TEXT, aanmaakdatum TEXT, datum_nakoming TEXT,
  ministerie TEXT, naam TEXT, functie TEXT, activiteit_id TEXT, kamerbrief_nakoming TEXT
);

-- Many-to-many relations, named <from-table>_<to-table>; stated_by is the record that said so.
CREATE TABLE link (
  rel TEXT NOT NULL, from_id TEXT NOT NULL, to_id TEXT NOT NULL, stated_by TEXT NOT NULL,
  PRIMARY KEY (rel, from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX link_to ON link(rel, to_id);

-- Documents imported from files or fetched: the bytes themselves, by content hash.
CREATE TABLE source_file (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  origin TEXT,
  first_seen TEXT NOT NULL
);

-- What the document-text stage made of a source file; derived state, rebuilt when the
-- extractor version changes.
CREATE TABLE extraction (
  source_file_id INTEGER PRIMARY KEY,
  extractor TEXT NOT NULL,
  ok INTEGER NOT NULL,
  json TEXT NOT NULL
);

-- The SyncFeed cursor per category, written in the same transaction as its page's records.
CREATE TABLE sync_cursor (
  feed TEXT PRIMARY KEY,
  skiptoken TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
