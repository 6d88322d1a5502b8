//! The one version clock: `ApiGewijzigdOp` (OData) = `tk:bijgewerkt` (SyncFeed), and the rule
//! that decides whether an incoming copy replaces the stored one.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A normalised version timestamp: UTC, nanosecond precision, fixed width, so that string
/// order is time order (`2023-01-24T15:30:21.010804100Z`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version(String);

impl Version {
    /// Parses `ApiGewijzigdOp` / `bijgewerkt` in any RFC 3339 form; a value without an offset
    /// is taken as UTC, as the API documents.
    pub fn parse(s: &str) -> Result<Version, DomainError> {
        let s = s.trim();
        let dt: DateTime<Utc> = match DateTime::parse_from_rfc3339(s) {
            Ok(dt) => dt.with_timezone(&Utc),
            Err(_) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map_err(|_| DomainError::BadTimestamp(s.to_string()))?
                .and_utc(),
        };
        Ok(Version(dt.to_rfc3339_opts(SecondsFormat::Nanos, true)))
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text that is already normalised (as read back from the store).
    pub fn from_stored(s: String) -> Version {
        Version(s)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What to do with an incoming copy of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing is stored under this id: store it.
    Insert,
    /// The incoming copy is strictly newer: replace the stored one.
    Replace,
    /// The incoming copy is older or of the same version: the stored record stays.
    Keep,
}

/// The version rule: an older record never overwrites a newer one, and on a tie the stored
/// record stays. A record without a version is older than any record with one.
pub fn decide(stored: Option<Option<&Version>>, incoming: Option<&Version>) -> Decision {
    match stored {
        None => Decision::Insert,
        Some(stored) => {
            if incoming > stored {
                Decision::Replace
            } else {
                Decision::Keep
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn precision_and_offsets_normalise() {
        assert_eq!(
            v("2023-01-24T15:30:21.0108041Z").as_str(),
            "2023-01-24T15:30:21.010804100Z"
        );
        assert_eq!(v("2023-01-24T16:30:21+01:00"), v("2023-01-24T15:30:21Z"));
        assert_eq!(v("2023-01-24T15:30:21"), v("2023-01-24T15:30:21.000Z"));
        assert!(v("2023-01-24T15:30:21.5Z") > v("2023-01-24T15:30:21.4999999Z"));
        assert!(Version::parse("yesterday").is_err());
    }

    #[test]
    fn rule() {
        let old = v("2020-01-01T00:00:00Z");
        let new = v("2021-01-01T00:00:00Z");
        assert_eq!(decide(None, Some(&old)), Decision::Insert);
        assert_eq!(decide(Some(Some(&old)), Some(&new)), Decision::Replace);
        assert_eq!(decide(Some(Some(&new)), Some(&old)), Decision::Keep);
        assert_eq!(decide(Some(Some(&new)), Some(&new)), Decision::Keep);
        assert_eq!(decide(Some(None), Some(&old)), Decision::Replace);
        assert_eq!(decide(Some(Some(&old)), None), Decision::Keep);
        assert_eq!(decide(Some(None), None), Decision::Keep);
    }
}
