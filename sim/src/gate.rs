//! The front door of every request: request log, outages and injected faults.
//!
//! `/sim/` (the control API) passes straight through: it is never logged, faulted or taken
//! away by an outage, so a test can always steer the simulator.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api_error::{retry_after, ApiError};
use crate::app::{lock, App};
use crate::clock::SimTime;
use crate::faults::{body_fault_response, oversize_response, status_fault_response, FaultAction};
use crate::outage::OutageEffect;
use crate::request_log::{redact, RequestSeq};
use crate::server::{is_reset, reset_connection};
use crate::Dialect;

/// Whether `path` belongs to the control API.
pub(crate) fn is_control_path(path: &str) -> bool {
    path == "/sim" || path.starts_with("/sim/")
}

/// The middleware around the whole router.
pub(crate) async fn front_door(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_control_path(&path) {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    let arrived = app.clock.now();
    // Both dialects log the query string and the (redacted) JSON body, so tests can prove
    // what a client sent.
    let (request, seq) = {
        let query = request.uri().query().map(str::to_owned);
        if request.body().is_end_stream() {
            // No body (most GETs): nothing to read or log.
            let seq =
                lock(&app.requests).begin_with(&method, &path, arrived.as_millis(), query, None);
            let mut request = request;
            request.extensions_mut().insert(RequestSeq(seq));
            (request, seq)
        } else {
            let (parts, body) = request.into_parts();
            let bytes = match axum::body::to_bytes(body, MAX_LOGGED_BODY_BYTES).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    let seq = lock(&app.requests).begin_with(
                        &method,
                        &path,
                        arrived.as_millis(),
                        query,
                        None,
                    );
                    lock(&app.requests).finish(seq, Some(400), None);
                    // Each dialect keeps its own error code for a body it cannot read.
                    let code = match app.config.dialect {
                        Dialect::Vcf52 => "INVALID_REQUEST_BODY",
                        Dialect::Default => "BAD_REQUEST",
                    };
                    return ApiError::new(
                        StatusCode::BAD_REQUEST,
                        code,
                        format!("The request body could not be read: {error}"),
                    )
                    .into_response();
                }
            };
            let logged = logged_body(&path, &bytes);
            let seq =
                lock(&app.requests).begin_with(&method, &path, arrived.as_millis(), query, logged);
            let mut parts = parts;
            parts.extensions.insert(RequestSeq(seq));
            (Request::from_parts(parts, Body::from(bytes)), seq)
        }
    };
    let mut entry = PendingLogEntry {
        app: Arc::clone(&app),
        seq,
        finished: false,
    };

    let (response, fault) = admit(&app, request, next, &method, &path, arrived).await;

    let status = (!is_reset(&response)).then(|| response.status().as_u16());
    entry.finish(status, fault);
    log::debug!(
        "{method} {path} -> {} (seq {seq}{})",
        status.map_or_else(
            || String::from("connection reset"),
            |status| status.to_string()
        ),
        fault
            .map(|fault| format!(", fault {fault}"))
            .unwrap_or_default()
    );
    response
}

/// Largest request body the front door reads (and logs).
const MAX_LOGGED_BODY_BYTES: usize = 1024 * 1024;

/// The body as the request log shows it: JSON with secrets redacted; the refresh call's body
/// (a bare refresh token) entirely; a body that is not JSON as a note.
fn logged_body(path: &str, bytes: &[u8]) -> Option<serde_json::Value> {
    if bytes.is_empty() {
        return None;
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::String(_)) if path.starts_with("/v1/tokens") => {
            Some(serde_json::Value::String(String::from("******")))
        }
        Ok(mut value) => {
            redact(&mut value);
            Some(value)
        }
        Err(_) => Some(serde_json::Value::String(format!(
            "<{} bytes, not JSON>",
            bytes.len()
        ))),
    }
}

/// Decides what answers the request: an outage, an injected fault, or the API itself.
async fn admit(
    app: &App,
    request: Request,
    next: Next,
    method: &str,
    path: &str,
    arrived: SimTime,
) -> (Response, Option<&'static str>) {
    let outage = lock(&app.outages).effect_at(arrived);
    match outage {
        Some(OutageEffect::Reset) => return (reset_connection(), Some("reset")),
        Some(OutageEffect::Unavailable { remaining }) => {
            return (unavailable(remaining), Some("outage"));
        }
        None => {}
    }

    let fault = lock(&app.faults).take(method, path);
    let Some(action) = fault else {
        return (next.run(request).await, None);
    };
    let fault_name = Some(action.log_name());
    let response = match action {
        FaultAction::Status {
            status,
            retry_after_seconds,
        } => status_fault_response(
            status,
            retry_after_seconds,
            app.clock.unix_seconds(arrived, Duration::ZERO),
        ),
        FaultAction::Reset => reset_connection(),
        FaultAction::LoseResponse => {
            // The request takes effect; only its answer is lost.
            let _lost = next.run(request).await;
            reset_connection()
        }
        FaultAction::Delay { delay_ms } => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            next.run(request).await
        }
        FaultAction::Body {
            status,
            content_type,
            body,
        } => body_fault_response(status, &content_type, body),
        FaultAction::Oversize { bytes, chunked } => oversize_response(bytes, chunked),
    };
    (response, fault_name)
}

/// The 503 of an outage, with `Retry-After` for the rest of it.
fn unavailable(remaining: Duration) -> Response {
    let (name, value) = retry_after(OutageEffect::retry_after_seconds(remaining));
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "SERVICE_UNAVAILABLE",
        "SDDC Manager is temporarily unavailable: its services are restarting",
    )
    .with_remediation("Retry after the time Retry-After gives")
    .with_header(name, value)
    .into_response()
}

/// Completes a request's log entry; if the request is dropped before that (the client went
/// away mid-delay), the entry says so instead of staying "in flight" forever.
struct PendingLogEntry {
    app: Arc<App>,
    seq: u64,
    finished: bool,
}

impl PendingLogEntry {
    fn finish(&mut self, status: Option<u16>, fault: Option<&'static str>) {
        lock(&self.app.requests).finish(self.seq, status, fault);
        self.finished = true;
    }
}

impl Drop for PendingLogEntry {
    fn drop(&mut self) {
        if !self.finished {
            lock(&self.app.requests).finish(self.seq, None, Some("cancelled"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sim_paths_are_control_paths() {
        assert!(is_control_path("/sim"));
        assert!(is_control_path("/sim/requests"));
        assert!(!is_control_path("/simulator"));
        assert!(!is_control_path("/v1/sim/requests"));
    }
}
