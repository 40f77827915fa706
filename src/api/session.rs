//! [`Session`]: what every dialect shares. One SDDC Manager, one connection pool, one access
//! token (login, refresh ahead of expiry, renewal after a 401), the retry policy with its rate
//! limits, TLS, the body cap and the redaction of logged bodies. A dialect ([`super::contract`],
//! [`super::vcf52`]) only adds paths, wire models and the phase calls on top.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::TokenManager;
use super::config::ClientConfig;
use super::dialect::ApiResult;
use super::error::ApiError;
use super::exchange::{decode, Exchange};
use super::retry::{Attempt, RetryPolicy};
use super::transport::{ApiRequest, RawResponse, Transport};
use crate::log_targets::API;

/// An authenticated session with one SDDC Manager. Cheap to clone: clones share the
/// connection pool and the token.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    http: Exchange,
    auth: TokenManager,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

/// `s` as one URL path segment (ids come from the server or the user).
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Session {
    /// Build a session. Nothing is sent until the first call. A bad URL, an unreadable or
    /// empty CA bundle, or empty credentials give `ApiError::Configuration`.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        config.validate()?;
        let transport = Transport::new(&config)?;
        let http = Exchange {
            transport,
            retry: RetryPolicy::new(config.retry.clone()),
            clock: config.clock.clone(),
        };
        let auth = TokenManager::new(
            config.username,
            config.password,
            config.fallback_token_lifetime,
            config.refresh_ahead,
        );
        Ok(Self {
            inner: Arc::new(Inner { http, auth }),
        })
    }

    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        self.inner.http.transport.base_url()
    }

    /// When the current access token expires (`None` before the first login). The token
    /// itself never leaves the session.
    pub fn token_expires_at(&self) -> Option<SystemTime> {
        self.inner.auth.expires_at()
    }

    /// Log in, or confirm the current token is still good.
    pub async fn login(&self) -> ApiResult<()> {
        self.inner.auth.token(&self.inner.http).await.map(|_| ())
    }

    /// A light connectivity test: one authenticated `GET /v1/sddc-managers` (a call both
    /// dialects have), sent once (no retries, so an outage shows at once), and the time SDDC
    /// Manager took to answer. A 401 renews the session and tries once more, like every call;
    /// errors are not logged here.
    pub async fn ping(&self) -> Result<Duration, ApiError> {
        let http = &self.inner.http;
        let request = ApiRequest::get("/v1/sddc-managers".to_owned());
        let token = self.inner.auth.token(http).await?;
        let started = Instant::now();
        let attempt = http.transport.send(&request, Some(&token.access)).await;
        let latency = started.elapsed();
        if is_unauthorized(&attempt) {
            let started = Instant::now();
            self.call(&request).await?;
            return Ok(started.elapsed());
        }
        http.finish(attempt, &request)?;
        Ok(latency)
    }

    /// Send an authenticated request: one refresh and one more try after a 401.
    pub(crate) async fn call(&self, request: &ApiRequest) -> Result<RawResponse, ApiError> {
        let http = &self.inner.http;
        let token = self.inner.auth.token(http).await?;
        let attempt = http.send(request, Some(&token.access)).await;
        if !is_unauthorized(&attempt) {
            return http.finish(attempt, request);
        }
        log::debug!(
            target: API,
            "{} {} answered 401; renewing the session and sending again",
            request.method,
            request.path
        );
        let token = self
            .inner
            .auth
            .after_unauthorized(http, token.generation)
            .await?;
        let attempt = http.send(request, Some(&token.access)).await;
        if let Ok(response) = &attempt {
            if is_unauthorized_status(response) {
                let details = super::exchange::server_error(&response.body)
                    .map_or_else(|| "no details".to_owned(), |error| error.to_string());
                return Err(ApiError::Auth {
                    reason: format!(
                        "{} {} was refused even with a new session ({details})",
                        request.method, request.path
                    ),
                });
            }
        }
        http.finish(attempt, request)
    }

    /// An authenticated call whose answer decodes as `T`.
    pub(crate) async fn fetch<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
        expected: &str,
    ) -> Result<T, ApiError> {
        let response = self.call(request).await?;
        decode(&response, request, expected)
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: String,
        expected: &str,
    ) -> Result<T, ApiError> {
        self.fetch(&ApiRequest::get(path), expected).await
    }

    /// A request with a JSON body.
    pub(crate) fn request<B: Serialize>(
        method: Method,
        path: String,
        body: &B,
        idempotent: bool,
    ) -> Result<ApiRequest, ApiError> {
        let body = serde_json::to_value(body).map_err(|error| ApiError::Configuration {
            reason: format!("cannot encode the body of {method} {path}: {error}"),
        })?;
        Ok(ApiRequest::with_body(method, path, body, idempotent))
    }
}

fn is_unauthorized_status(response: &RawResponse) -> bool {
    response.status == reqwest::StatusCode::UNAUTHORIZED
}

fn is_unauthorized(attempt: &Attempt) -> bool {
    attempt.as_ref().is_ok_and(is_unauthorized_status)
}

/// Log a failure that ends an operation, at DEBUG: the caller owns the error and decides
/// whether (and how loudly) it is worth a line, so an outage does not write one per call.
pub(crate) fn logged<T>(operation: &str, result: ApiResult<T>) -> ApiResult<T> {
    if let Err(error) = &result {
        log::debug!(target: API, "{operation} failed: {error}");
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(segment("5f0c2e4a-1b2c"), "5f0c2e4a-1b2c");
        assert_eq!(segment("5.2.1.0"), "5.2.1.0");
        assert_eq!(segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment("é"), "%C3%A9");
    }
}
