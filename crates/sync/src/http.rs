//! The polite HTTP client: one request at a time, at most `rate` requests per second, retries
//! of 5xx answers, 429 and transport failures (timeouts, refused connections) with exponential
//! backoff and jitter, a User-Agent naming the project, and conditional requests.
//!
//! A `Retry-After` header (delay-seconds or an HTTP-date, on a 429 or a 5xx) sets the wait
//! before the retry instead of the backoff; it is capped at [`Politeness::backoff_max`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::SyncError;

/// The User-Agent of every request: the project, its version and where to find it.
pub const USER_AGENT: &str = concat!(
    "kamerwacht/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// The largest body read from one response.
pub const MAX_BODY_BYTES: u64 = 256 << 20;

/// How polite the client is.
#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    /// Requests per second at most; `0.0` or less means no limit (benchmarks only).
    pub rate: f64,
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The first backoff; it doubles with each retry.
    pub backoff_base: Duration,
    /// The longest backoff (and the longest `Retry-After` honoured).
    pub backoff_max: Duration,
    /// The time each phase of one request may take (connecting, sending, the response head,
    /// the body).
    pub timeout: Duration,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            rate: 2.0,
            max_attempts: 5,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            timeout: Duration::from_secs(60),
        }
    }
}

/// The validators of an earlier answer, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful answer (2xx, or 304 to a conditional request).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    /// The validators the server offered with this answer.
    pub validators: Validators,
    /// Attempts it took.
    pub attempts: u32,
}

impl Reply {
    /// `304 Not Modified`: the copy from the earlier answer is still current.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// A retry about to happen, for progress reporting.
#[derive(Debug, Clone)]
pub struct Retry<'a> {
    pub url: &'a str,
    /// The attempt that failed (1-based).
    pub attempt: u32,
    pub reason: &'a str,
    pub wait: Duration,
}

/// The client. With a stop flag ([`Http::with_stop`]) its waits (backoff, `Retry-After`, the
/// rate limit) end as soon as a stop is requested, and the request then fails with
/// [`SyncError::Interrupted`] instead of being sent.
pub struct Http<'s> {
    agent: ureq::Agent,
    politeness: Politeness,
    last_request: Option<Instant>,
    rng: u64,
    requests: u64,
    stop: Option<&'s AtomicBool>,
}

/// How often an interruptible wait looks at the stop flag.
const STOP_POLL: Duration = Duration::from_millis(50);

impl<'s> Http<'s> {
    pub fn new(politeness: Politeness) -> Http<'s> {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            // One budget per phase rather than a global one: with a global budget ureq also
            // times the host-name lookup, which it does by starting a thread per request. A
            // lookup has the system resolver's own timeouts.
            .timeout_connect(Some(politeness.timeout))
            .timeout_send_request(Some(politeness.timeout))
            .timeout_send_body(Some(politeness.timeout))
            .timeout_recv_response(Some(politeness.timeout))
            .timeout_recv_body(Some(politeness.timeout))
            .max_redirects(5)
            .build();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        Http {
            agent: config.into(),
            politeness,
            last_request: None,
            rng: seed | 1,
            requests: 0,
            stop: None,
        }
    }

    /// The same client, its waits ended by `stop`.
    pub fn with_stop(self, stop: &'s AtomicBool) -> Http<'s> {
        Http {
            stop: Some(stop),
            ..self
        }
    }

    /// Sleeps `d`, or less when a stop is requested: false then.
    pub(crate) fn wait(&self, d: Duration) -> bool {
        let Some(stop) = self.stop else {
            std::thread::sleep(d);
            return true;
        };
        let until = Instant::now().checked_add(d);
        loop {
            if stop.load(Ordering::SeqCst) {
                return false;
            }
            let left = match until {
                Some(u) => u.saturating_duration_since(Instant::now()),
                None => STOP_POLL,
            };
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(STOP_POLL));
        }
    }

    /// The politeness settings.
    pub fn politeness(&self) -> &Politeness {
        &self.politeness
    }

    /// Requests sent so far (retries included).
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// GETs `url`, retrying what retrying can fix. `validators` make the request conditional;
    /// `on_retry` hears about every retry before its wait.
    pub fn get(
        &mut self,
        url: &str,
        validators: Option<&Validators>,
        on_retry: &mut dyn FnMut(&Retry<'_>),
    ) -> Result<Reply, SyncError> {
        let max = self.politeness.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            if !self.pace() {
                return Err(SyncError::Interrupted {
                    url: url.to_string(),
                });
            }
            let (reason, retry_after) = match self.once(url, validators) {
                Ok(Outcome::Done(mut reply)) => {
                    reply.attempts = attempt;
                    return Ok(reply);
                }
                Ok(Outcome::Fatal(status)) => {
                    return Err(SyncError::Status {
                        url: url.to_string(),
                        status,
                    });
                }
                Ok(Outcome::Retry(reason, after)) => (reason, after),
                Err(reason) => (reason, None),
            };
            if attempt >= max {
                return Err(SyncError::GaveUp {
                    url: url.to_string(),
                    attempts: attempt,
                    reason,
                });
            }
            let wait = retry_after
                .map(|a| a.min(self.politeness.backoff_max))
                .unwrap_or_else(|| self.backoff(attempt));
            on_retry(&Retry {
                url,
                attempt,
                reason: &reason,
                wait,
            });
            if !self.wait(wait) {
                return Err(SyncError::Interrupted {
                    url: url.to_string(),
                });
            }
        }
    }

    /// Exponential backoff with "equal jitter": half the doubled delay fixed, half random.
    pub fn backoff(&mut self, attempt: u32) -> Duration {
        let base = self.politeness.backoff_base;
        let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.politeness.backoff_max);
        let half = capped / 2;
        let jitter = (self.next_random() % 1_000_000) as f64 / 1_000_000.0;
        half + half.mul_f64(jitter)
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: plenty for jitter.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Waits until the rate limit allows the next request; false when a stop ended the wait.
    fn pace(&mut self) -> bool {
        if let (Some(interval), Some(last)) =
            (rate_interval(self.politeness.rate), self.last_request)
        {
            let waited = last.elapsed();
            if waited < interval && !self.wait(interval - waited) {
                return false;
            }
        }
        self.last_request = Some(Instant::now());
        self.requests += 1;
        true
    }

    fn once(&mut self, url: &str, validators: Option<&Validators>) -> Result<Outcome, String> {
        let mut req = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("If-Modified-Since", lm);
            }
        }
        let mut resp = req.call().map_err(|e| describe(&e))?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 429 || status >= 500 {
            let after =
                header("retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()));
            return Ok(Outcome::Retry(format!("HTTP {status}"), after));
        }
        if status >= 400 {
            return Ok(Outcome::Fatal(status));
        }
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let content_type = header("content-type");
        let body = if status == 304 {
            Vec::new()
        } else {
            resp.body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES)
                .read_to_vec()
                .map_err(|e| format!("reading the body: {}", describe(&e)))?
        };
        Ok(Outcome::Done(Reply {
            status,
            body,
            content_type,
            validators,
            attempts: 0,
        }))
    }
}

enum Outcome {
    Done(Reply),
    Retry(String, Option<Duration>),
    Fatal(u16),
}

/// The shortest time between two requests at `rate` requests per second: `None` for no limit
/// (0 or less); at most a day (a rate too small to wait for is one request a day).
pub fn rate_interval(rate: f64) -> Option<Duration> {
    if rate.is_nan() || rate <= 0.0 {
        return None;
    }
    let day = Duration::from_secs(86_400);
    Some(
        Duration::try_from_secs_f64(1.0 / rate)
            .unwrap_or(day)
            .min(day),
    )
}

/// The wait a `Retry-After` value asks for at `now`: delay-seconds (`120`) or an HTTP-date in
/// any of the three forms HTTP allows (`Sun, 06 Nov 1994 08:49:37 GMT`,
/// `Sunday, 06-Nov-94 08:49:37 GMT`, `Sun Nov  6 08:49:37 1994`). A date in the past asks for
/// no wait; a value that is neither is ignored (`None`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long values saturate; the caller caps the wait anyway.
        return Some(Duration::from_secs(v.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(v)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime form), always UTC.
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    use chrono::NaiveDateTime;
    let s = s.trim();
    let at = NaiveDateTime::parse_from_str(s, "%a, %d %b %Y %H:%M:%S GMT")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y"))
        .ok()
        .or_else(|| rfc850(s))?;
    let secs = u64::try_from(at.and_utc().timestamp()).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// The obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`). Its two-digit year is read
/// as RFC 9110 asks: in this century unless that is more than 50 years ahead, so the year is
/// expanded here rather than by chrono's fixed 1969–2068 window.
fn rfc850(s: &str) -> Option<chrono::NaiveDateTime> {
    let (_, rest) = s.split_once(", ")?;
    let (date, time) = rest.split_once(' ')?;
    let mut parts = date.split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 2 {
        return None;
    }
    let yy: i32 = y.parse().ok()?;
    let this = chrono::Datelike::year(&chrono::Utc::now());
    let mut year = this - this.rem_euclid(100) + yy;
    if year > this + 50 {
        year -= 100;
    }
    chrono::NaiveDateTime::parse_from_str(
        &format!("{d}-{m}-{year} {time}"),
        "%d-%b-%Y %H:%M:%S GMT",
    )
    .ok()
}

/// Formats a time as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), whole seconds.
pub fn format_http_date(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(t) => format!("timeout ({t})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let mut http = Http::new(Politeness {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(1000),
            ..Politeness::default()
        });
        for _ in 0..50 {
            let b1 = http.backoff(1);
            assert!(
                b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100),
                "{b1:?}"
            );
            let b3 = http.backoff(3);
            assert!(
                b3 >= Duration::from_millis(200) && b3 <= Duration::from_millis(400),
                "{b3:?}"
            );
            let b9 = http.backoff(9);
            assert!(
                b9 >= Duration::from_millis(500) && b9 <= Duration::from_millis(1000),
                "{b9:?}"
            );
        }
        let draws: std::collections::HashSet<_> = (0..20).map(|_| http.backoff(4)).collect();
        assert!(draws.len() > 1, "jitter varies the delay");
    }

    #[test]
    fn retry_after_in_seconds_and_in_every_http_date_form() {
        // RFC 9110's example date, 784111777 seconds after the epoch.
        let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(form), Some(at), "{form}");
            let before = at - Duration::from_secs(90);
            assert_eq!(
                parse_retry_after(form, before),
                Some(Duration::from_secs(90)),
                "{form}"
            );
            // A date already past asks for no wait.
            assert_eq!(
                parse_retry_after(form, at + Duration::from_secs(5)),
                Some(Duration::ZERO)
            );
        }
        assert_eq!(format_http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
        // Round trip over a spread of days (leap years, month ends, far future).
        for days in (0..40_000u64).step_by(37) {
            let t = UNIX_EPOCH + Duration::from_secs(days * 86_400 + 3_723);
            assert_eq!(parse_http_date(&format_http_date(t)), Some(t));
        }
    }

    #[test]
    fn rate_interval_of_a_tiny_rate_does_not_overflow() {
        // 1/1e-20 s does not fit a Duration: `from_secs_f64` panicked here.
        let day = Duration::from_secs(86_400);
        assert_eq!(rate_interval(1e-20), Some(day));
        assert_eq!(rate_interval(f64::MIN_POSITIVE), Some(day));
        assert_eq!(rate_interval(2.0), Some(Duration::from_millis(500)));
        assert_eq!(rate_interval(f64::INFINITY), Some(Duration::ZERO));
        assert_eq!(rate_interval(0.0), None);
        assert_eq!(rate_interval(-3.0), None);
        assert_eq!(rate_interval(f64::NAN), None);
    }

    #[test]
    fn user_agent_names_project_and_version() {
        assert!(
            USER_AGENT.starts_with(&format!("kamerwacht/{} (+http", env!("CARGO_PKG_VERSION")))
        );
    }
}
