//! The service root (`--base-url`, `KAMERWACHT_TK_BASE_URL`) and the URLs built under it.

use kw_domain::Entity;

use crate::SyncError;

/// The Kamer's own service: the root of `/SyncFeed/2.0/Feed` and `/OData/v4/2.0/`.
pub const DEFAULT_BASE_URL: &str = "https://gegevensmagazijn.tweedekamer.nl";
/// The environment variable that overrides the default base URL.
pub const BASE_URL_ENV: &str = "KAMERWACHT_TK_BASE_URL";

/// A checked base URL: `http(s)://host[:port][/path]`, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    root: String,
    host: String,
}

impl BaseUrl {
    /// Checks and normalises a base URL.
    pub fn parse(url: &str) -> Result<BaseUrl, SyncError> {
        let bad = |reason: &str| SyncError::BadBaseUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let trimmed = url.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(|| bad("it must start with http:// or https://"))?;
        if trimmed.contains(['?', '#', ' ']) {
            return Err(bad("it must not contain a query, a fragment or spaces"));
        }
        let authority = rest.split('/').next().unwrap_or("");
        if authority.contains('@') {
            return Err(bad("credentials in the URL are not supported"));
        }
        let host = if let Some(v6) = authority.strip_prefix('[') {
            v6.split(']').next().unwrap_or("").to_string()
        } else {
            authority.split(':').next().unwrap_or("").to_string()
        };
        if host.is_empty() {
            return Err(bad("it has no host"));
        }
        if let Some((_, port)) = authority
            .rsplit_once(':')
            .filter(|_| !authority.starts_with('['))
            && port.parse::<u16>().is_err()
        {
            return Err(bad("the port is not a number"));
        }
        Ok(BaseUrl {
            root: trimmed.to_string(),
            host: host.to_ascii_lowercase(),
        })
    }

    /// The base URL from an explicit value, else `KAMERWACHT_TK_BASE_URL`, else the default.
    pub fn resolve(explicit: Option<&str>) -> Result<BaseUrl, SyncError> {
        match explicit {
            Some(u) => BaseUrl::parse(u),
            None => match std::env::var(BASE_URL_ENV) {
                Ok(u) if !u.trim().is_empty() => BaseUrl::parse(&u),
                _ => BaseUrl::parse(DEFAULT_BASE_URL),
            },
        }
    }

    /// The host name (lower case, without port).
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn as_str(&self) -> &str {
        &self.root
    }

    /// The SyncFeed URL of a category: the first page, or the page of a stored skiptoken.
    pub fn feed(&self, entity: Entity, skiptoken: Option<&str>) -> String {
        match skiptoken {
            None => format!("{}/SyncFeed/2.0/Feed?category={}", self.root, entity.name()),
            Some(t) => format!(
                "{}/SyncFeed/2.0/Feed?skiptoken={}&category={}",
                self.root,
                encode(t),
                entity.name()
            ),
        }
    }

    /// An OData URL: `path_and_query` is written as in the API docs
    /// (`Zaak?$filter=Nummer eq '2023Z20568'`) and percent-encoded here.
    pub fn odata(&self, path_and_query: &str) -> String {
        format!("{}/OData/v4/2.0/{}", self.root, encode(path_and_query))
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.root)
    }
}

/// Percent-encodes what may not appear literally in a URL (spaces, quotes, non-ASCII).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&()*+,;=:@/?".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`encode`] (and any other percent-encoding); invalid escapes stay as they are.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(b.host(), "127.0.0.1");
        assert_eq!(
            b.feed(Entity::ZaakActor, None),
            "http://127.0.0.1:8080/SyncFeed/2.0/Feed?category=ZaakActor"
        );
        assert_eq!(
            b.feed(Entity::Zaak, Some("42")),
            "http://127.0.0.1:8080/SyncFeed/2.0/Feed?skiptoken=42&category=Zaak"
        );
        assert_eq!(
            BaseUrl::parse(DEFAULT_BASE_URL).unwrap().host(),
            "gegevensmagazijn.tweedekamer.nl"
        );
        for bad in [
            "ftp://x",
            "gegevensmagazijn.tweedekamer.nl",
            "http://",
            "http://h:port",
            "http://a b",
            "http://u@h",
        ] {
            assert!(
                matches!(BaseUrl::parse(bad), Err(SyncError::BadBaseUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn odata_urls_are_encoded_and_decode_back() {
        let b = BaseUrl::parse("https://h").unwrap();
        let u = b.odata("Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming)");
        assert_eq!(
            u,
            "https://h/OData/v4/2.0/Zaak?$filter=Nummer%20eq%20%272023Z20568%27&$expand=Besluit($expand=Stemming)"
        );
        assert_eq!(
            decode(&u),
            "https://h/OData/v4/2.0/Zaak?$filter=Nummer eq '2023Z20568'&$expand=Besluit($expand=Stemming)"
        );
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
