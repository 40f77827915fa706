//! A retried exchange and the reading of its final answer: a success body decoded into a wire
//! model, or the typed error.

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ServerError};
use super::redact::is_token_path;
use super::retry::{server_wait, Attempt, RetryPolicy};
use super::secret::Secret;
use super::transport::{ApiRequest, RawResponse, Transport};
use crate::clock::SharedClock;

/// The transport, its retry policy and the clock every wait goes through.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub transport: Transport,
    pub retry: RetryPolicy,
    pub clock: SharedClock,
}

impl Exchange {
    /// Send `request` under the retry policy; the last attempt comes back as it is.
    pub async fn send(&self, request: &ApiRequest, bearer: Option<&Secret>) -> Attempt {
        self.retry
            .run(&self.clock, request, || {
                self.transport.send(request, bearer)
            })
            .await
    }

    /// The final attempt as a success (2xx) or the typed error.
    pub fn finish(&self, attempt: Attempt, request: &ApiRequest) -> Result<RawResponse, ApiError> {
        let response = attempt.map_err(|failure| failure.error)?;
        if response.status.is_success() {
            return Ok(response);
        }
        let method = request.method.as_str().to_owned();
        let path = request.path.clone();
        if response.status == StatusCode::TOO_MANY_REQUESTS {
            return Err(ApiError::RateLimited {
                method,
                path,
                retry_after: server_wait(&response.headers, self.clock.now()),
            });
        }
        Err(ApiError::Http {
            method,
            path,
            status: response.status.as_u16(),
            body: server_error(&response.body).map(Box::new),
        })
    }
}

/// The server's `Error` body, when the body is one.
pub(crate) fn server_error(body: &[u8]) -> Option<ServerError> {
    let error: ServerError = serde_json::from_slice(body).ok()?;
    (error != ServerError::default()).then_some(error)
}

/// Decode a success body as `T`; `expected` names the model for the error message.
pub(crate) fn decode<T: DeserializeOwned>(
    response: &RawResponse,
    request: &ApiRequest,
    expected: &str,
) -> Result<T, ApiError> {
    serde_json::from_slice(&response.body).map_err(|error| {
        let reason = if is_token_path(&request.path) {
            // serde's message may quote the value, and here the value may be a token.
            format!(
                "{} error at line {} column {}",
                category(&error),
                error.line(),
                error.column()
            )
        } else if looks_like_html(&response.body) {
            format!("an HTML page instead of JSON ({error})")
        } else {
            error.to_string()
        };
        invalid(request, expected, reason)
    })
}

pub(crate) fn invalid(request: &ApiRequest, expected: &str, reason: String) -> ApiError {
    ApiError::InvalidResponse {
        method: request.method.as_str().to_owned(),
        path: request.path.clone(),
        expected: expected.to_owned(),
        reason,
    }
}

fn category(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "I/O",
        serde_json::error::Category::Syntax => "JSON syntax",
        serde_json::error::Category::Data => "unexpected JSON content",
        serde_json::error::Category::Eof => "truncated JSON",
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;
    use serde_json::json;

    use crate::api::wire::{Page, TokenPair, WireDomain};

    fn ok(body: &[u8]) -> RawResponse {
        RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: body.to_vec(),
        }
    }

    #[test]
    fn html_is_an_invalid_response() {
        let request = ApiRequest::get("/v1/sddc-managers".to_owned());
        let error = decode::<Page<WireDomain>>(
            &ok(b"\n<!DOCTYPE html><html><body>Welcome</body></html>"),
            &request,
            "PageOfSddcManager",
        );
        match error {
            Err(ApiError::InvalidResponse {
                expected, reason, ..
            }) => {
                assert_eq!(expected, "PageOfSddcManager");
                assert!(reason.starts_with("an HTML page"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn token_decoding_errors_never_quote_the_body() {
        let request = ApiRequest::with_body(
            reqwest::Method::POST,
            "/v1/tokens".to_owned(),
            json!({}),
            true,
        );
        let error = decode::<TokenPair>(
            &ok(br#"{"accessToken": "eyJsecret", "refreshToken": "r-secret"}"#),
            &request,
            "TokenPair",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.contains("TokenPair"), "{error}");
        assert!(!error.contains("secret"), "{error}");
    }

    #[test]
    fn server_error_bodies_are_read_leniently() {
        let body = br#"{"errorCode":"DOMAIN_NOT_FOUND","errorType":"ERROR","message":"no"}"#;
        assert_eq!(
            server_error(body).and_then(|e| e.error_code).as_deref(),
            Some("DOMAIN_NOT_FOUND")
        );
        assert!(server_error(b"<html>").is_none());
        assert!(server_error(b"{}").is_none());
        assert!(server_error(b"").is_none());
    }
}
