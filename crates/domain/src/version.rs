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
            // Already UTC with `T` and `Z`: the normal form is the text with its fraction
            // padded to nine digits (what the formatting below would print).
            Ok(_) if let Some(normal) = utc_padded(s) => return Ok(Version(normal)),
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

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` (the API's own form) with the fraction padded to nine
/// digits; `None` for any other form. The caller has checked that the text is a valid time.
fn utc_padded(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let shape = b[..19].iter().enumerate().all(|(i, &c)| match i {
        4 | 7 => c == b'-',
        10 => c == b'T',
        13 | 16 => c == b':',
        _ => c.is_ascii_digit(),
    });
    let digits = match s.get(19..s.len() - 1)? {
        "" => "",
        f => f
            .strip_prefix('.')
            .filter(|d| (1..=9).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()))?,
    };
    if !shape {
        return None;
    }
    let mut out = String::with_capacity(30);
    out.push_str(&s[..19]);
    out.push('.');
    out.push_str(digits);
    out.extend(std::iter::repeat_n('0', 9 - digits.len()));
    out.push('Z');
    Some(out)
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

    proptest::proptest! {
        /// The shortcut for text already in UTC prints what the general formatting prints.
        #[test]
        fn utc_shortcut_equals_the_formatting(
            secs in 0i64..4_102_444_800,
            nanos in 0u32..1_000_000_000,
            digits in 0usize..=9,
        ) {
            let t = DateTime::from_timestamp(secs, nanos).unwrap();
            let mut text = t.format("%Y-%m-%dT%H:%M:%S").to_string();
            if digits > 0 {
                text.push('.');
                text.push_str(&format!("{nanos:09}")[..digits]);
            }
            text.push('Z');
            let general = DateTime::parse_from_rfc3339(&text)
                .unwrap()
                .with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Nanos, true);
            proptest::prop_assert_eq!(utc_padded(&text), Some(general.clone()));
            proptest::prop_assert_eq!(Version::parse(&text).unwrap(), Version(general));
        }
    }

    #[test]
    fn utc_shortcut_leaves_other_forms_to_the_formatting() {
        for s in [
            "2023-01-24T15:30:21.0108041234Z",
            "2023-01-24t15:30:21Z",
            "2023-01-24T15:30:21+00:00",
            "2023-01-24T15:30:21.Z",
            "2023-01-24 15:30:21Z",
        ] {
            assert_eq!(utc_padded(s), None, "{s}");
        }
        assert_eq!(
            v("2016-12-31T23:59:60.5Z").as_str(),
            "2016-12-31T23:59:60.500000000Z"
        );
        assert_eq!(
            v("2023-01-24T15:30:21.0108041234Z").as_str(),
            "2023-01-24T15:30:21.010804123Z"
        );
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
