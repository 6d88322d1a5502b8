-- 0002: bookkeeping of the live sync, and the index that lets a feed record replace the links
-- it stated before without scanning the link table.

CREATE INDEX IF NOT EXISTS link_stated_by ON link(stated_by);

-- Conditional-request validators per URL (ETag / Last-Modified).
CREATE TABLE IF NOT EXISTS sync_http_validator (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT NOT NULL
);

-- Which version of each Document's text was fetched, and what became of it.
CREATE TABLE IF NOT EXISTS sync_document (
  document_id TEXT PRIMARY KEY, document_version TEXT, status TEXT NOT NULL,
  url TEXT, source_file_id INTEGER, fetched_at TEXT NOT NULL
);
