//! The run's log book: what the operator reads on the dashboard.
//!
//! Bounded (the oldest entries go first) so that a run polled for hours cannot grow the Home
//! Assistant state without limit, and rendered as markdown for a markdown card, **newest entry
//! first**: a card shows its top, and the top is what just happened.

use std::collections::VecDeque;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::timestamp::Timestamp;

/// The rendered log book before any activity, exactly.
pub const NO_MESSAGES: &str = "## No Messages\nNo upgrade activity at this time.";

/// The heading of a rendered log book with entries.
pub const LOG_HEADING: &str = "## Upgrade Log";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Info,
    Warning,
    Error,
}

impl LogLevel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
        }
    }

    /// The matching `log` crate level, for the Python logging bridge.
    pub const fn log_level(self) -> log::Level {
        match self {
            Self::Info => log::Level::Info,
            Self::Warning => log::Level::Warn,
            Self::Error => log::Level::Error,
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: Timestamp,
    pub level: LogLevel,
    pub message: String,
}

impl LogEntry {
    /// One markdown list item: `- 2026-11-26 12:00:05 UTC · **INFO** · message`.
    pub fn markdown_line(&self) -> String {
        format!(
            "- {} · **{}** · {}",
            self.at.human(),
            self.level,
            escape_markdown(&self.message)
        )
    }
}

/// The last `capacity` entries, oldest first in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogBook {
    capacity: usize,
    entries: VecDeque<LogEntry>,
}

impl LogBook {
    /// A log book keeping the last `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: VecDeque::new(),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Change the bound, dropping the oldest entries that no longer fit.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        self.trim();
    }

    pub fn push(&mut self, entry: LogEntry) {
        self.entries.push_back(entry);
        self.trim();
    }

    fn trim(&mut self) {
        while self.entries.len() > self.capacity {
            self.entries.pop_front();
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.entries.iter()
    }

    pub fn latest(&self) -> Option<&LogEntry> {
        self.entries.back()
    }

    /// The latest message, or the no-activity sentence before any activity (the log sensor's
    /// state).
    pub fn latest_text(&self) -> String {
        self.latest().map_or_else(
            || "No upgrade activity at this time.".to_owned(),
            |entry| entry.message.clone(),
        )
    }

    /// The markdown for a dashboard card: [`NO_MESSAGES`] when empty, else [`LOG_HEADING`] and
    /// one line per entry, newest first.
    pub fn render_markdown(&self) -> String {
        if self.entries.is_empty() {
            return NO_MESSAGES.to_owned();
        }
        let mut out = String::from(LOG_HEADING);
        out.push('\n');
        for entry in self.entries.iter().rev() {
            out.push('\n');
            out.push_str(&entry.markdown_line());
        }
        out
    }
}

/// Messages carry server text (component names such as `NSX_T_MANAGER`, error messages): keep
/// them one line and literal, so an underscore does not turn into italics and a `<` into HTML.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ms: u64, level: LogLevel, message: &str) -> LogEntry {
        LogEntry {
            at: Timestamp::from_unix_millis(ms),
            level,
            message: message.to_owned(),
        }
    }

    #[test]
    fn empty_book_renders_the_exact_default_text() {
        let book = LogBook::new(50);
        assert_eq!(
            book.render_markdown(),
            "## No Messages\nNo upgrade activity at this time."
        );
        assert_eq!(book.latest(), None);
        assert_eq!(book.latest_text(), "No upgrade activity at this time.");
    }

    #[test]
    fn keeps_only_the_last_capacity_entries() {
        let mut book = LogBook::new(50);
        for i in 0..120u64 {
            book.push(entry(i * 1000, LogLevel::Info, &format!("message {i}")));
        }
        assert_eq!(book.len(), 50);
        assert_eq!(
            book.entries().next().map(|e| e.message.as_str()),
            Some("message 70")
        );
        assert_eq!(
            book.latest().map(|e| e.message.as_str()),
            Some("message 119")
        );
        book.set_capacity(3);
        assert_eq!(book.len(), 3);
        assert_eq!(book.latest_text(), "message 119");
        assert_eq!(LogBook::new(0).capacity(), 1);
    }

    #[test]
    fn renders_newest_first_with_time_and_level() {
        let mut book = LogBook::new(50);
        book.push(entry(
            0,
            LogLevel::Info,
            "Starting upgrade process for domain d1",
        ));
        book.push(entry(
            61_000,
            LogLevel::Warning,
            "Upgrading NSX_T_MANAGER <fast>\nnow",
        ));
        book.push(entry(3_723_000, LogLevel::Error, "Upgrade failed"));
        assert_eq!(
            book.render_markdown(),
            "## Upgrade Log\n\
             \n- 1970-01-01 01:02:03 UTC · **ERROR** · Upgrade failed\
             \n- 1970-01-01 00:01:01 UTC · **WARNING** · Upgrading NSX\\_T\\_MANAGER &lt;fast&gt; now\
             \n- 1970-01-01 00:00:00 UTC · **INFO** · Starting upgrade process for domain d1"
        );
    }

    #[test]
    fn serde_round_trip_keeps_capacity_and_entries() {
        let mut book = LogBook::new(2);
        book.push(entry(1, LogLevel::Info, "a"));
        book.push(entry(2, LogLevel::Error, "b"));
        let json = serde_json::to_value(&book).unwrap();
        assert_eq!(json["capacity"], 2);
        assert_eq!(json["entries"][1]["level"], "error");
        assert_eq!(json["entries"][1]["at"], "1970-01-01T00:00:00.002Z");
        assert_eq!(serde_json::from_value::<LogBook>(json).unwrap(), book);
    }
}
