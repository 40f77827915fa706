//! UTC timestamps with millisecond precision, serialized as RFC 3339 strings.
//!
//! Times come from [`crate::clock::Clock::now`]; this type only carries and formats them. The
//! calendar arithmetic is Howard Hinnant's `civil_from_days`/`days_from_civil`, which is exact for
//! every date this engine can meet and saves a date-time dependency.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(u64);

const MS_PER_DAY: u64 = 86_400_000;

impl Timestamp {
    pub const fn from_unix_millis(ms: u64) -> Self {
        Self(ms)
    }

    pub const fn unix_millis(self) -> u64 {
        self.0
    }

    /// A wall-clock time; times before 1970 (a badly set clock) become the epoch.
    pub fn from_system(time: SystemTime) -> Self {
        let ms = time
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        Self(ms)
    }

    /// Time from `earlier` to `self`, zero if `earlier` is later (a clock set back).
    pub fn saturating_since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    /// `2026-11-26T12:00:05.123Z`
    pub fn rfc3339(self) -> String {
        let (date, (h, m, s), ms) = self.parts();
        format!("{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    }

    /// `2026-11-26 12:00:05 UTC`, for people.
    pub fn human(self) -> String {
        let (date, (h, m, s), _) = self.parts();
        format!("{date} {h:02}:{m:02}:{s:02} UTC")
    }

    fn parts(self) -> (String, (u64, u64, u64), u64) {
        let days = self.0 / MS_PER_DAY;
        let in_day = self.0 % MS_PER_DAY;
        let (y, mo, d) = civil_from_days(days);
        let secs = in_day / 1000;
        (
            format!("{y:04}-{mo:02}-{d:02}"),
            (secs / 3600, secs / 60 % 60, secs % 60),
            in_day % 1000,
        )
    }

    /// Parses the RFC 3339 UTC form this type writes (`YYYY-MM-DDTHH:MM:SS[.fff]Z`).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let (date, rest) = text.split_once('T')?;
        let rest = rest.strip_suffix('Z')?;
        let mut date_parts = date.splitn(3, '-');
        let year: u64 = parse_digits(date_parts.next()?, 4)?;
        let month: u64 = parse_digits(date_parts.next()?, 2)?;
        let day: u64 = parse_digits(date_parts.next()?, 2)?;
        let (clock, fraction) = match rest.split_once('.') {
            Some((clock, fraction)) => (clock, Some(fraction)),
            None => (rest, None),
        };
        let mut clock_parts = clock.splitn(3, ':');
        let hour: u64 = parse_digits(clock_parts.next()?, 2)?;
        let minute: u64 = parse_digits(clock_parts.next()?, 2)?;
        let second: u64 = parse_digits(clock_parts.next()?, 2)?;
        let millis = match fraction {
            None => 0,
            Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
                // Keep the first three digits: finer precision than a millisecond is dropped.
                let padded = format!("{f:0<3}");
                padded[..3].parse().ok()?
            }
            Some(_) => return None,
        };
        if year < 1970 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if civil_from_days(days) != (year, month, day) {
            return None; // e.g. February 30th
        }
        let ms = days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
        Some(Self(ms))
    }
}

/// A duration for log lines: `90 min`, `2 h 5 min`, `45 s`, `250 ms`.
pub fn human_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs == 0 {
        return format!("{} ms", duration.as_millis());
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

fn parse_digits(text: &str, len: usize) -> Option<u64> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// Days since 1970-01-01 to (year, month, day); for non-negative day counts.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// (year ≥ 1970, month, day) to days since 1970-01-01.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_rfc3339(&text)
            .ok_or_else(|| D::Error::custom(format!("invalid RFC 3339 UTC timestamp {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(Timestamp(0).rfc3339(), "1970-01-01T00:00:00.000Z");
        // 2024-02-29T23:59:59.999Z, a leap day.
        let leap = Timestamp(1_709_251_199_999);
        assert_eq!(leap.rfc3339(), "2024-02-29T23:59:59.999Z");
        assert_eq!(leap.human(), "2024-02-29 23:59:59 UTC");
        assert_eq!(
            Timestamp(1_709_251_200_000).rfc3339(),
            "2024-03-01T00:00:00.000Z"
        );
    }

    #[test]
    fn parse_inverts_format_across_many_days() {
        let mut ms = 0u64;
        while ms < 200 * 365 * MS_PER_DAY {
            let t = Timestamp(ms);
            assert_eq!(Timestamp::parse_rfc3339(&t.rfc3339()), Some(t));
            ms += 7 * MS_PER_DAY + 3_723_456;
        }
    }

    #[test]
    fn parse_accepts_other_precisions_and_refuses_garbage() {
        assert_eq!(
            Timestamp::parse_rfc3339("1970-01-01T00:00:01Z"),
            Some(Timestamp(1_000))
        );
        assert_eq!(
            Timestamp::parse_rfc3339("1970-01-01T00:00:01.5Z"),
            Some(Timestamp(1_500))
        );
        for bad in [
            "",
            "2024-02-30T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01T00:00:00.Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn human_durations() {
        let d = Duration::from_millis;
        assert_eq!(human_duration(d(250)), "250 ms");
        assert_eq!(human_duration(d(45_000)), "45 s");
        assert_eq!(human_duration(d(90 * 60_000)), "1 h 30 min");
        assert_eq!(human_duration(d(5 * 60_000)), "5 min");
        assert_eq!(human_duration(d(61_000)), "1 min 1 s");
        assert_eq!(human_duration(d(7_200_000)), "2 h");
    }

    #[test]
    fn serde_uses_the_string_form() {
        let t = Timestamp(1_709_251_199_999);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2024-02-29T23:59:59.999Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }
}
