//! Read queries shared by the CLI and the web UI.

use kw_store::rusqlite::Connection;
use serde::Serialize;

use crate::AppError;

/// One motion in a list: what the front page shows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MotionSummary {
    pub id: String,
    pub nummer: Option<String>,
    pub onderwerp: Option<String>,
    /// Date the Zaak started (ISO date).
    pub datum: Option<String>,
    /// Submitters as "Name (Party)", indiener first.
    pub indieners: Vec<String>,
    /// The Kamer's decision as its BesluitSoort says (e.g. "Stemmen - aangenomen").
    pub besluit: Option<String>,
}

/// The latest motions (by start date) on which the Kamer took a decision, newest first.
pub fn latest_motions(conn: &Connection, limit: u32) -> Result<Vec<MotionSummary>, AppError> {
    // The decision shown is the latest voting one, by version; motions without one are left out.
    let mut stmt = conn.prepare_cached(
        "SELECT id, nummer, onderwerp, datum, besluit FROM (
           SELECT z.id, z.nummer, z.onderwerp, substr(z.gestart_op, 1, 10) AS datum, z.gestart_op,
             (SELECT b.besluit_soort FROM link l JOIN besluit b ON b.id = l.from_id
               WHERE l.rel = 'besluit_zaak' AND l.to_id = z.id AND b.deleted = 0
                 AND (b.besluit_soort LIKE 'Stemmen%' OR b.besluit_soort = 'Overgenomen')
               ORDER BY b.version DESC LIMIT 1) AS besluit
           FROM zaak z WHERE z.deleted = 0 AND z.soort = 'Motie')
         WHERE besluit IS NOT NULL
         ORDER BY gestart_op DESC, nummer DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(MotionSummary {
            id: r.get(0)?,
            nummer: r.get(1)?,
            onderwerp: r.get(2)?,
            datum: r.get(3)?,
            indieners: Vec::new(),
            besluit: r.get(4)?,
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut m = row?;
        m.indieners = submitters(conn, &m.id)?;
        out.push(m);
    }
    Ok(out)
}

/// Submitters of a Zaak as "Name (Party)", indiener first.
pub fn submitters(conn: &Connection, zaak_id: &str) -> Result<Vec<String>, AppError> {
    let mut stmt = conn.prepare_cached(
        "SELECT actor_naam, actor_fractie FROM zaak_actor
         WHERE zaak_id = ?1 AND deleted = 0 AND (relatie IS NULL OR relatie IN ('Indiener', 'Medeindiener'))
         ORDER BY CASE relatie WHEN 'Indiener' THEN 0 ELSE 1 END, actor_naam",
    )?;
    let rows = stmt.query_map([zaak_id], |r| {
        let name: Option<String> = r.get(0)?;
        let party: Option<String> = r.get(1)?;
        Ok(match (name, party) {
            (Some(n), Some(p)) => format!("{n} ({p})"),
            (Some(n), None) => n,
            (None, Some(p)) => p,
            (None, None) => String::new(),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
