//! One HTTP exchange: the pooled reqwest client, TLS options, the body cap, and the
//! classification of what went wrong.

use std::error::Error as StdError;
use std::time::{Duration, Instant};

use log::Level;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::config::ClientConfig;
use super::error::ApiError;
use super::redact::{redact_body, redact_json};
use super::secret::Secret;
use crate::log_targets::API;

/// A request as the retry and auth layers see it.
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    pub method: Method,
    /// The path below the base URL, segments already percent-encoded (`/v1/domains/x`).
    pub path: String,
    pub body: Option<Value>,
    /// Whether sending it twice does no harm.
    pub idempotent: bool,
}

impl ApiRequest {
    pub fn get(path: String) -> Self {
        Self {
            method: Method::GET,
            path,
            body: None,
            idempotent: true,
        }
    }

    pub fn with_body(method: Method, path: String, body: Value, idempotent: bool) -> Self {
        Self {
            method,
            path,
            body: Some(body),
            idempotent,
        }
    }
}

/// A complete answer (any status) whose body fit under the cap.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// How an exchange failed before a complete answer arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// No connection was established (DNS, refused, connect timeout): the server saw nothing.
    Connect,
    /// The TLS handshake was refused (certificate, protocol): retrying will not help.
    Tls,
    /// Sent (or maybe sent), then no complete answer in time.
    Timeout,
    /// Sent (or maybe sent), then the connection broke.
    Interrupted,
    /// The answer was larger than the cap.
    TooLarge,
    /// Anything else (a request that could not be built).
    Other,
}

#[derive(Debug)]
pub(crate) struct SendError {
    pub kind: FailureKind,
    pub error: ApiError,
}

impl SendError {
    /// True when the request certainly never reached the server.
    pub fn certainly_not_sent(&self) -> bool {
        self.kind == FailureKind::Connect
    }

    /// True for failures a later attempt may not see.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            FailureKind::Connect | FailureKind::Timeout | FailureKind::Interrupted
        )
    }
}

/// The pooled HTTP client bound to one SDDC Manager.
#[derive(Debug)]
pub(crate) struct Transport {
    client: reqwest::Client,
    base_url: String,
    request_timeout: Duration,
    connect_timeout: Duration,
    max_body_bytes: usize,
}

impl Transport {
    pub fn new(config: &ClientConfig) -> Result<Self, ApiError> {
        let base_url = config.parsed_base_url()?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("datacenter-assistant/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &config.ca_bundle {
            let pem = std::fs::read(path).map_err(|error| ApiError::Configuration {
                reason: format!("cannot read CA bundle {}: {error}", path.display()),
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|error| {
                ApiError::Configuration {
                    reason: format!(
                        "CA bundle {} is not PEM: {}",
                        path.display(),
                        chain_text(&error)
                    ),
                }
            })?;
            if certificates.is_empty() {
                return Err(ApiError::Configuration {
                    reason: format!("CA bundle {} holds no certificate", path.display()),
                });
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        if !config.verify_ssl {
            log::warn!(
                target: API,
                "TLS certificate verification is off for {base_url}: the connection is not \
                 protected against interception"
            );
            builder = builder.danger_accept_invalid_certs(true);
        }
        let client = builder.build().map_err(|error| ApiError::Configuration {
            reason: format!("cannot build the HTTP client: {}", chain_text(&error)),
        })?;
        Ok(Self {
            client,
            base_url,
            request_timeout: config.request_timeout,
            connect_timeout: config.connect_timeout,
            max_body_bytes: config.max_body_bytes,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Send `request` once and read the whole answer (up to the cap).
    pub async fn send(
        &self,
        request: &ApiRequest,
        bearer: Option<&Secret>,
    ) -> Result<RawResponse, SendError> {
        let method = request.method.as_str();
        let path = request.path.as_str();
        if log::log_enabled!(target: API, Level::Debug) {
            match &request.body {
                Some(body) => log::debug!(
                    target: API,
                    "request {method} {path} {}",
                    redact_json(path, body)
                ),
                None => log::debug!(target: API, "request {method} {path}"),
            }
        }
        let started = Instant::now();
        let mut builder = self
            .client
            .request(request.method.clone(), format!("{}{}", self.base_url, path))
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(token) = bearer {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    SendError {
                        kind: FailureKind::Other,
                        error: ApiError::Auth {
                            reason: "the access token is not a valid header value".to_owned(),
                        },
                    }
                })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        let outcome = match builder.send().await {
            Ok(response) => self.read(response, method, path).await,
            Err(error) => Err(self.classify(&error, method, path)),
        };
        let latency = started.elapsed();
        match &outcome {
            Ok(response) => {
                if log::log_enabled!(target: API, Level::Debug) {
                    log::debug!(
                        target: API,
                        "response {method} {path} {} in {} ms {}",
                        response.status.as_u16(),
                        latency.as_millis(),
                        redact_body(path, &response.body)
                    );
                }
            }
            Err(failure) => log::debug!(
                target: API,
                "failed {method} {path} after {} ms: {}",
                latency.as_millis(),
                failure.error
            ),
        }
        outcome
    }

    /// Read the body chunk by chunk, stopping at the cap.
    async fn read(
        &self,
        mut response: reqwest::Response,
        method: &str,
        path: &str,
    ) -> Result<RawResponse, SendError> {
        let too_large = || SendError {
            kind: FailureKind::TooLarge,
            error: ApiError::BodyTooLarge {
                method: method.to_owned(),
                path: path.to_owned(),
                limit: self.max_body_bytes,
            },
        };
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.max_body_bytes as u64) {
            return Err(too_large());
        }
        let status = response.status();
        let headers = response.headers().clone();
        let capacity = declared.map_or(0, |length| {
            usize::try_from(length).map_or(self.max_body_bytes, |l| l.min(self.max_body_bytes))
        });
        let mut body = Vec::with_capacity(capacity);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len().saturating_add(chunk.len()) > self.max_body_bytes {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) => return Err(self.classify(&error, method, path)),
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    fn classify(&self, error: &reqwest::Error, method: &str, path: &str) -> SendError {
        classify(
            error,
            method,
            path,
            &self.base_url,
            self.request_timeout,
            self.connect_timeout,
        )
    }
}

/// Sort a reqwest error into the engine's error kinds.
fn classify(
    error: &reqwest::Error,
    method: &str,
    path: &str,
    base_url: &str,
    request_timeout: Duration,
    connect_timeout: Duration,
) -> SendError {
    if let Some(tls) = find_in_chain::<rustls::Error>(error) {
        return SendError {
            kind: FailureKind::Tls,
            error: ApiError::Tls {
                url: base_url.to_owned(),
                reason: tls_reason(tls),
            },
        };
    }
    if error.is_connect() {
        let reason = if error.is_timeout() {
            format!("no connection within {connect_timeout:?}")
        } else {
            chain_text(error)
        };
        return SendError {
            kind: FailureKind::Connect,
            error: ApiError::CannotConnect {
                url: base_url.to_owned(),
                reason,
            },
        };
    }
    if error.is_timeout() {
        return SendError {
            kind: FailureKind::Timeout,
            error: ApiError::Timeout {
                method: method.to_owned(),
                path: path.to_owned(),
                after: request_timeout,
            },
        };
    }
    if error.is_builder() {
        return SendError {
            kind: FailureKind::Other,
            error: ApiError::Configuration {
                reason: format!("cannot build {method} {path}: {}", chain_text(error)),
            },
        };
    }
    // Sent, or maybe sent, and then the connection broke (reset, closed before the answer).
    SendError {
        kind: FailureKind::Interrupted,
        error: ApiError::CannotConnect {
            url: base_url.to_owned(),
            reason: format!(
                "connection lost during {method} {path}: {}",
                chain_text(error)
            ),
        },
    }
}

fn tls_reason(error: &rustls::Error) -> String {
    match error {
        rustls::Error::InvalidCertificate(certificate) => {
            format!("the server's certificate is not trusted ({certificate:?}); add its CA bundle or turn verification off")
        }
        other => other.to_string(),
    }
}

/// The first error of type `T` in the source chain. `io::Error` hides its inner error from
/// `source()` (it returns the inner error's source), so it is unwrapped by hand.
pub(crate) fn find_in_chain<'a, T: StdError + 'static>(
    error: &'a (dyn StdError + 'static),
) -> Option<&'a T> {
    let mut current: Option<&'a (dyn StdError + 'static)> = Some(error);
    while let Some(link) = current {
        if let Some(found) = link.downcast_ref::<T>() {
            return Some(found);
        }
        if let Some(inner) = link
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            current = Some(inner);
            continue;
        }
        current = link.source();
    }
    None
}

/// The messages of an error's source chain, without URLs, joined with `: `.
pub(crate) fn chain_text(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(link) = current {
        let text = match link.downcast_ref::<reqwest::Error>() {
            Some(reqwest_error) => reqwest_kind(reqwest_error).to_owned(),
            None => link.to_string(),
        };
        if !text.is_empty() && parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        current = link.source();
    }
    parts.join(": ")
}

fn reqwest_kind(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "connection failed"
    } else if error.is_timeout() {
        "timed out"
    } else if error.is_body() {
        "error reading the body"
    } else if error.is_decode() {
        "error decoding the body"
    } else if error.is_builder() {
        "invalid request"
    } else {
        "error sending the request"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("client error (Connect)")
        }
    }

    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    fn certificate_error() -> Outer {
        let tls = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        Outer(std::io::Error::new(std::io::ErrorKind::InvalidData, tls))
    }

    #[test]
    fn rustls_errors_are_found_inside_io_errors() {
        let error = certificate_error();
        let found = find_in_chain::<rustls::Error>(&error);
        assert!(matches!(
            found,
            Some(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer
            ))
        ));
        assert!(
            tls_reason(found.unwrap_or(&rustls::Error::HandshakeNotComplete))
                .contains("UnknownIssuer")
        );
    }

    #[test]
    fn plain_io_errors_hold_no_tls_error() {
        let error = Outer(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert!(find_in_chain::<rustls::Error>(&error).is_none());
        let text = chain_text(&error);
        assert!(text.starts_with("client error (Connect): "), "{text}");
        assert!(text.to_lowercase().contains("refused"), "{text}");
    }

    #[test]
    fn send_error_kinds() {
        let connect = SendError {
            kind: FailureKind::Connect,
            error: ApiError::Configuration {
                reason: String::new(),
            },
        };
        assert!(connect.certainly_not_sent() && connect.is_transient());
        for kind in [FailureKind::Timeout, FailureKind::Interrupted] {
            let error = SendError {
                kind,
                error: ApiError::Configuration {
                    reason: String::new(),
                },
            };
            assert!(!error.certainly_not_sent() && error.is_transient());
        }
        for kind in [FailureKind::Tls, FailureKind::TooLarge, FailureKind::Other] {
            let error = SendError {
                kind,
                error: ApiError::Configuration {
                    reason: String::new(),
                },
            };
            assert!(!error.certainly_not_sent() && !error.is_transient());
        }
    }

    #[tokio::test]
    async fn refused_connection_is_cannot_connect() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0");
        let Ok(listener) = listener else { return };
        let Ok(address) = listener.local_addr() else {
            return;
        };
        drop(listener);
        let config = ClientConfig::new(format!("http://{address}"), "u", "p");
        let Ok(transport) = Transport::new(&config) else {
            panic!("transport")
        };
        let outcome = transport
            .send(&ApiRequest::get("/v1/domains".to_owned()), None)
            .await;
        match outcome {
            Err(failure) => {
                assert_eq!(failure.kind, FailureKind::Connect, "{:?}", failure.error);
                assert!(matches!(failure.error, ApiError::CannotConnect { .. }));
            }
            Ok(response) => panic!("unexpected answer {}", response.status),
        }
    }
}
