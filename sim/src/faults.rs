//! Faults injected at run time through `POST /sim/faults`.
//!
//! A fault rule matches `/v1` requests by method and path prefix and applies to the next
//! `count` matching requests, then disappears. The first matching rule (in the order they were
//! added) wins, and one request consumes at most one rule.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api_error::{retry_after, ApiError};

/// What a fault does to the request it catches.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub(crate) enum FaultAction {
    /// Answer `status` with an SDDC-style `Error` body (a 429 also gets rate-limit headers).
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_seconds: Option<u64>,
    },
    /// Close the connection without any response.
    Reset,
    /// Handle the request, then close the connection without sending the answer: the server
    /// acted, and the client cannot tell (a response lost on the way back).
    LoseResponse,
    /// Wait, then handle the request normally.
    Delay { delay_ms: u64 },
    /// Answer exactly this body (malformed JSON, an HTML page, wrong-typed fields, ...).
    Body {
        #[serde(default = "default_body_status")]
        status: u16,
        #[serde(default = "default_body_content_type")]
        content_type: String,
        body: String,
    },
    /// Answer 200 with a JSON-looking body of `bytes` bytes, streamed.
    Oversize {
        bytes: u64,
        /// Leave out `Content-Length`, so the client only learns the size by reading.
        #[serde(default)]
        chunked: bool,
    },
}

fn default_body_status() -> u16 {
    200
}

fn default_body_content_type() -> String {
    String::from("application/json")
}

fn default_count() -> u64 {
    1
}

impl FaultAction {
    /// The name the request log records for a response shaped by this fault.
    pub(crate) fn log_name(&self) -> &'static str {
        match self {
            FaultAction::Status { .. } => "status",
            FaultAction::Reset => "reset",
            FaultAction::LoseResponse => "loseResponse",
            FaultAction::Delay { .. } => "delay",
            FaultAction::Body { .. } => "body",
            FaultAction::Oversize { .. } => "oversize",
        }
    }

    fn validate(&self) -> Result<(), String> {
        match self {
            FaultAction::Status { status, .. } | FaultAction::Body { status, .. }
                if !(200..=599).contains(status) =>
            {
                Err(format!("status must be between 200 and 599, not {status}"))
            }
            FaultAction::Body { content_type, .. }
                if HeaderValue::from_str(content_type).is_err() =>
            {
                Err(format!(
                    "contentType '{content_type}' is not a valid header value"
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The body of `POST /sim/faults`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultSpec {
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    path_prefix: Option<String>,
    #[serde(default = "default_count")]
    count: u64,
    #[serde(flatten)]
    action: FaultAction,
}

/// An active fault, as `GET /sim/faults` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultRule {
    pub(crate) id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_prefix: Option<String>,
    /// Matching requests this rule still applies to.
    remaining: u64,
    #[serde(flatten)]
    action: FaultAction,
}

impl FaultRule {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|wanted| wanted.eq_ignore_ascii_case(method))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|prefix| path.starts_with(prefix))
    }
}

/// The active fault rules.
#[derive(Debug, Default)]
pub(crate) struct FaultBoard {
    rules: Vec<FaultRule>,
    next_id: u64,
}

impl FaultBoard {
    /// Adds a rule; `Err` says what is wrong with the spec.
    pub(crate) fn add(&mut self, spec: FaultSpec) -> Result<FaultRule, String> {
        spec.action.validate()?;
        if spec.count == 0 {
            return Err(String::from("count must be at least 1"));
        }
        let method = match spec.method {
            Some(method) => Some(
                Method::from_bytes(method.as_bytes())
                    .map_err(|_| format!("method '{method}' is not an HTTP method"))?
                    .as_str()
                    .to_ascii_uppercase(),
            ),
            None => None,
        };
        self.next_id = self.next_id.saturating_add(1);
        let rule = FaultRule {
            id: self.next_id,
            method,
            path_prefix: spec.path_prefix,
            remaining: spec.count,
            action: spec.action,
        };
        self.rules.push(rule.clone());
        Ok(rule)
    }

    pub(crate) fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    pub(crate) fn remove(&mut self, id: u64) -> bool {
        let before = self.rules.len();
        self.rules.retain(|rule| rule.id != id);
        self.rules.len() != before
    }

    /// Consumes one use of the first rule matching the request.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<FaultAction> {
        let position = self
            .rules
            .iter()
            .position(|rule| rule.matches(method, path))?;
        let rule = self.rules.get_mut(position)?;
        rule.remaining = rule.remaining.saturating_sub(1);
        let action = rule.action.clone();
        if rule.remaining == 0 {
            self.rules.remove(position);
        }
        Some(action)
    }
}

/// Rate-limit window the simulator claims in `X-RateLimit-Limit`.
const RATE_LIMIT_PER_WINDOW: u64 = 100;
/// `Retry-After` of a 429 whose fault did not say.
const DEFAULT_RATE_LIMIT_RETRY_SECONDS: u64 = 1;

/// The response of a `status` fault. `now_unix` feeds `X-RateLimit-Reset`.
pub(crate) fn status_fault_response(
    status: u16,
    retry_after_seconds: Option<u64>,
    now_unix: u64,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = status
        .canonical_reason()
        .map(|reason| reason.to_ascii_uppercase().replace([' ', '-'], "_"))
        .unwrap_or_else(|| format!("HTTP_{}", status.as_u16()));
    let mut error = ApiError::new(
        status,
        &code,
        format!("Injected fault: the server answers {status}"),
    );
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait = retry_after_seconds.unwrap_or(DEFAULT_RATE_LIMIT_RETRY_SECONDS);
        let (name, value) = retry_after(wait);
        error = error
            .with_remediation("Slow down and retry after the time Retry-After gives")
            .with_header(name, value)
            .with_header(
                header::HeaderName::from_static("x-ratelimit-limit"),
                HeaderValue::from(RATE_LIMIT_PER_WINDOW),
            )
            .with_header(
                header::HeaderName::from_static("x-ratelimit-remaining"),
                HeaderValue::from(0u64),
            )
            .with_header(
                header::HeaderName::from_static("x-ratelimit-reset"),
                HeaderValue::from(now_unix.saturating_add(wait)),
            );
    } else if let Some(wait) = retry_after_seconds {
        let (name, value) = retry_after(wait);
        error = error.with_header(name, value);
    }
    error.into_response()
}

/// The response of a `body` fault: exactly what the rule says, nothing added.
pub(crate) fn body_fault_response(status: u16, content_type: &str, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Size of the chunks an oversize body is streamed in.
const OVERSIZE_CHUNK_BYTES: u64 = 64 * 1024;
const OVERSIZE_PREFIX: &[u8] = br#"{"elements":[],"padding":""#;
const OVERSIZE_SUFFIX: &[u8] = br#""}"#;

/// The response of an `oversize` fault: produced chunk by chunk, never held whole in memory.
pub(crate) fn oversize_response(total: u64, chunked: bool) -> Response {
    let chunks = futures_util::stream::unfold(0u64, move |offset| async move {
        if offset >= total {
            return None;
        }
        let length = OVERSIZE_CHUNK_BYTES.min(total - offset);
        let chunk = oversize_chunk(total, offset, length);
        Some((
            Ok::<Bytes, Infallible>(chunk),
            offset.saturating_add(length),
        ))
    });
    let mut response = Response::new(Body::from_stream(chunks));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if !chunked {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(total));
    }
    response
}

/// Bytes `offset..offset + length` of an oversize body of `total` bytes.
fn oversize_chunk(total: u64, offset: u64, length: u64) -> Bytes {
    let mut chunk = vec![b'x'; usize::try_from(length).unwrap_or(0)];
    // Only the first and last few bytes of the body differ from the padding.
    let framing = (OVERSIZE_PREFIX.len() + OVERSIZE_SUFFIX.len()) as u64;
    for (index, byte) in chunk.iter_mut().enumerate() {
        let position = offset.saturating_add(index as u64);
        if position < framing || position >= total.saturating_sub(framing) {
            *byte = oversize_byte(total, position);
        }
    }
    Bytes::from(chunk)
}

/// Byte `position` of an oversize body of `total` bytes: a JSON object with one long string
/// when `total` leaves room for it, otherwise the start of such an object.
fn oversize_byte(total: u64, position: u64) -> u8 {
    let prefix_length = OVERSIZE_PREFIX.len() as u64;
    let suffix_length = OVERSIZE_SUFFIX.len() as u64;
    let index = if total < prefix_length + suffix_length || position < prefix_length {
        Some(position)
    } else if position >= total - suffix_length {
        Some(prefix_length + position - (total - suffix_length))
    } else {
        None
    };
    index
        .and_then(|index| usize::try_from(index).ok())
        .and_then(|index| OVERSIZE_PREFIX.iter().chain(OVERSIZE_SUFFIX).nth(index))
        .copied()
        .unwrap_or(b'x')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: serde_json::Value) -> FaultSpec {
        serde_json::from_value(json).unwrap()
    }

    fn whole_oversize_body(total: u64) -> Vec<u8> {
        let mut body = Vec::new();
        let mut offset = 0;
        while offset < total {
            let length = 7.min(total - offset);
            body.extend_from_slice(&oversize_chunk(total, offset, length));
            offset += length;
        }
        body
    }

    #[test]
    fn specs_parse_with_defaults() {
        let parsed = spec(serde_json::json!({"kind": "status", "status": 503}));
        assert_eq!(parsed.count, 1);
        assert_eq!(parsed.method, None);
        assert_eq!(
            parsed.action,
            FaultAction::Status {
                status: 503,
                retry_after_seconds: None
            }
        );
        let body = spec(serde_json::json!({"kind": "body", "body": "<html>", "count": 3}));
        assert_eq!(
            body.action,
            FaultAction::Body {
                status: 200,
                content_type: String::from("application/json"),
                body: String::from("<html>")
            }
        );
        assert!(serde_json::from_value::<FaultSpec>(serde_json::json!({"kind": "fire"})).is_err());
        assert!(serde_json::from_value::<FaultSpec>(serde_json::json!({"kind": "delay"})).is_err());
        assert!(serde_json::from_value::<FaultSpec>(serde_json::json!({"status": 500})).is_err());
    }

    #[test]
    fn invalid_specs_are_refused() {
        let mut board = FaultBoard::default();
        for bad in [
            serde_json::json!({"kind": "status", "status": 99}),
            serde_json::json!({"kind": "status", "status": 600}),
            serde_json::json!({"kind": "reset", "count": 0}),
            serde_json::json!({"kind": "reset", "method": "G E T"}),
            serde_json::json!({"kind": "body", "body": "", "contentType": "a\nb"}),
        ] {
            assert!(board.add(spec(bad)).is_err());
        }
        assert!(board.rules().is_empty());
    }

    #[test]
    fn rules_match_by_method_and_prefix_and_wear_out() {
        let mut board = FaultBoard::default();
        let first = board
            .add(spec(serde_json::json!({
                "kind": "reset", "method": "get", "pathPrefix": "/v1/bundles", "count": 2
            })))
            .unwrap();
        board
            .add(spec(serde_json::json!({"kind": "delay", "delayMs": 5})))
            .unwrap();
        assert_eq!(first.method.as_deref(), Some("GET"));

        assert_eq!(board.take("GET", "/v1/bundles/x"), Some(FaultAction::Reset));
        // A POST does not match the first rule, so the catch-all delay gets it.
        assert_eq!(
            board.take("POST", "/v1/bundles/x"),
            Some(FaultAction::Delay { delay_ms: 5 })
        );
        assert_eq!(board.take("GET", "/v1/bundles/y"), Some(FaultAction::Reset));
        assert_eq!(board.take("GET", "/v1/bundles/z"), None);
        assert!(board.rules().is_empty());

        let rule = board
            .add(spec(serde_json::json!({"kind": "reset"})))
            .unwrap();
        assert!(board.remove(rule.id));
        assert!(!board.remove(rule.id));
    }

    #[test]
    fn oversize_bodies_have_the_exact_length_and_look_like_json() {
        for total in [0u64, 1, 5, 27, 28, 29, 100, 1000] {
            let body = whole_oversize_body(total);
            assert_eq!(body.len() as u64, total);
            if total >= 28 {
                let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(parsed["elements"], serde_json::json!([]));
            } else {
                assert!(body.starts_with(&OVERSIZE_PREFIX[..body.len().min(OVERSIZE_PREFIX.len())]));
            }
        }
    }
}
