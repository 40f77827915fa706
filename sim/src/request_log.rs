//! The log of `/v1` requests that `GET /sim/requests` returns.
//!
//! Entries are kept in arrival order in a bounded ring: a request is entered when it arrives
//! and completed (status, fault) when its response is decided, so tests can assert on what the
//! client sent, in order, including requests that never got an answer.

use std::collections::VecDeque;

use serde::Serialize;

/// How many requests the log keeps; older ones fall off the front.
pub(crate) const REQUEST_LOG_CAPACITY: usize = 200_000;

/// One logged request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestRecord {
    /// 1-based arrival number; keeps counting across `DELETE /sim/requests`.
    pub(crate) seq: u64,
    pub(crate) method: String,
    pub(crate) path: String,
    /// `null` while the request is in flight and when no response was sent.
    pub(crate) status: Option<u16>,
    /// Milliseconds since the simulator started, at arrival.
    pub(crate) at_ms: u64,
    /// The fault that shaped the response: `status`, `reset`, `delay`, `body`, `oversize`,
    /// `outage`, or `cancelled` when the client went away before the response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fault: Option<&'static str>,
    /// The raw query string, when the request had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) query: Option<String>,
    /// The JSON request body with passwords and tokens redacted (a body that is not
    /// JSON is logged as a string saying so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<serde_json::Value>,
    /// `vcf52` with lenient fields: the JSON paths of the body's fields the operation's
    /// schema does not name, which the simulator ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) ignored_fields: Vec<String>,
}

/// The `seq` of the request being answered, for handlers that add to its log entry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RequestSeq(pub(crate) u64);

/// The bounded log.
#[derive(Debug)]
pub(crate) struct RequestLog {
    records: VecDeque<RequestRecord>,
    capacity: usize,
    last_seq: u64,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog::with_capacity(REQUEST_LOG_CAPACITY)
    }
}

impl RequestLog {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        RequestLog {
            records: VecDeque::new(),
            capacity: capacity.max(1),
            last_seq: 0,
        }
    }

    /// Enters an arriving request; returns its `seq`.
    #[cfg(test)]
    pub(crate) fn begin(&mut self, method: &str, path: &str, at_ms: u64) -> u64 {
        self.begin_with(method, path, at_ms, None, None)
    }

    /// Enters an arriving request with its query string and (redacted) body.
    pub(crate) fn begin_with(
        &mut self,
        method: &str,
        path: &str,
        at_ms: u64,
        query: Option<String>,
        body: Option<serde_json::Value>,
    ) -> u64 {
        self.last_seq = self.last_seq.saturating_add(1);
        while self.records.len() >= self.capacity {
            self.records.pop_front();
        }
        self.records.push_back(RequestRecord {
            seq: self.last_seq,
            method: method.to_owned(),
            path: path.to_owned(),
            status: None,
            at_ms,
            fault: None,
            query,
            body,
            ignored_fields: Vec::new(),
        });
        self.last_seq
    }

    fn record_mut(&mut self, seq: u64) -> Option<&mut RequestRecord> {
        let first_seq = self.records.front().map(|record| record.seq)?;
        seq.checked_sub(first_seq)
            .and_then(|offset| usize::try_from(offset).ok())
            .and_then(|offset| self.records.get_mut(offset))
            .filter(|record| record.seq == seq)
    }

    /// Lists the fields request `seq`'s body had and the simulator ignored.
    pub(crate) fn note_ignored(&mut self, seq: u64, fields: Vec<String>) {
        if let Some(record) = self.record_mut(seq) {
            record.ignored_fields = fields;
        }
    }

    /// Records how request `seq` was answered (if it is still in the log).
    pub(crate) fn finish(&mut self, seq: u64, status: Option<u16>, fault: Option<&'static str>) {
        if let Some(record) = self.record_mut(seq) {
            record.status = status;
            record.fault = fault;
        }
    }

    pub(crate) fn records(&self) -> Vec<RequestRecord> {
        self.records.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.records.clear();
    }
}

/// Keys whose values the log never shows (compared case-insensitively).
const SECRET_KEYS: [&str; 7] = [
    "password",
    "accesstoken",
    "refreshtoken",
    "apikey",
    "idtoken",
    "token",
    "secret",
];

/// Replaces the values of secret-looking keys, at any depth, with `"******"`.
pub(crate) fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                if SECRET_KEYS.iter().any(|secret| lower.contains(secret)) {
                    *inner = serde_json::Value::String(String::from("******"));
                } else {
                    redact(inner);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let mut body = serde_json::json!({
            "username": "admin", "password": "p",
            "nested": [{"apiKey": "k", "refreshToken": {"id": "r"}, "keep": 1}]
        });
        redact(&mut body);
        assert_eq!(
            body,
            serde_json::json!({
                "username": "admin", "password": "******",
                "nested": [{"apiKey": "******", "refreshToken": "******", "keep": 1}]
            })
        );
    }

    #[test]
    fn requests_are_logged_in_arrival_order_and_completed_in_place() {
        let mut log = RequestLog::default();
        let first = log.begin("POST", "/v1/tokens", 1);
        let second = log.begin("GET", "/v1/domains", 2);
        log.finish(second, Some(200), None);
        log.finish(first, None, Some("reset"));
        let records = log.records();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].seq, 1);
        assert_eq!(records[0].status, None);
        assert_eq!(records[0].fault, Some("reset"));
        assert_eq!(records[1].status, Some(200));
        let json = serde_json::to_value(&records[1]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"seq": 2, "method": "GET", "path": "/v1/domains",
                               "status": 200, "atMs": 2})
        );
    }

    #[test]
    fn the_log_is_a_bounded_ring_and_seq_survives_clearing() {
        let mut log = RequestLog::with_capacity(3);
        for at in 0..5 {
            log.begin("GET", "/v1/domains", at);
        }
        let seqs: Vec<u64> = log.records().iter().map(|record| record.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
        // Completing a request that fell off the ring is harmless.
        log.finish(1, Some(200), None);
        log.finish(4, Some(204), None);
        assert_eq!(log.records()[1].status, Some(204));
        log.note_ignored(4, vec![String::from("metadata")]);
        log.note_ignored(1, vec![String::from("gone")]);
        assert_eq!(
            serde_json::to_value(&log.records()[1]).unwrap()["ignoredFields"],
            serde_json::json!(["metadata"])
        );

        log.clear();
        assert!(log.records().is_empty());
        log.finish(5, Some(200), None);
        assert_eq!(log.begin("GET", "/", 9), 6);
    }
}
