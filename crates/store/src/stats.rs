//! `kamerwacht stats`: counts per entity, per Zaak Soort and per BesluitSoort.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::StoreError;

/// The stable JSON of `kamerwacht stats --json` (documented in docs/cli.md).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Schema of this JSON; bumped on any incompatible change.
    pub schema: u32,
    /// Records per entity, by OData name; every entity is present.
    pub entities: BTreeMap<String, EntityCount>,
    /// Visible Zaken per Soort (`null` Soort as "(geen)").
    pub zaak_soort: BTreeMap<String, i64>,
    /// Visible Besluiten per BesluitSoort.
    pub besluit_soort: BTreeMap<String, i64>,
    /// Stored document files per detected format.
    pub documents: BTreeMap<String, i64>,
}

/// The records of one entity in the store.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct EntityCount {
    /// Every stored record, deletions (tombstones) included.
    pub stored: i64,
    /// Records not marked deleted: what users see.
    pub visible: i64,
    /// Records the source marked `Verwijderd` (kept, hidden).
    pub deleted: i64,
}

/// Reads the counts.
pub fn stats(conn: &Connection) -> Result<Stats, StoreError> {
    let mut entities = BTreeMap::new();
    for e in kw_domain::Entity::ALL {
        let (visible, gone): (i64, i64) = conn.query_row(
            &format!(
                "SELECT COALESCE(SUM(deleted = 0), 0), COALESCE(SUM(deleted = 1), 0) FROM {}",
                e.table()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        entities.insert(
            e.name().to_string(),
            EntityCount {
                stored: visible + gone,
                visible,
                deleted: gone,
            },
        );
    }
    Ok(Stats {
        schema: 1,
        entities,
        zaak_soort: group(
            conn,
            "SELECT COALESCE(soort, '(geen)'), COUNT(*) FROM zaak WHERE deleted = 0 GROUP BY 1",
        )?,
        besluit_soort: group(
            conn,
            "SELECT COALESCE(besluit_soort, '(geen)'), COUNT(*) FROM besluit WHERE deleted = 0 GROUP BY 1",
        )?,
        documents: group(conn, "SELECT format, COUNT(*) FROM source_file GROUP BY 1")?,
    })
}

fn group(conn: &Connection, sql: &str) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (k, v) = row?;
        out.insert(k, v);
    }
    Ok(out)
}
