//! The engine's error type for everything that talks to SDDC Manager.
//!
//! Variants map one to one onto the Python exception classes (see `src/python/errors.rs`).
//! No variant ever carries a password or a token.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// SDDC Manager's `Error` body, as returned with every error status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServerError {
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub remediation_message: Option<String>,
    pub reference_token: Option<String>,
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = self.error_code.as_deref().unwrap_or("UNKNOWN_ERROR");
        write!(f, "{code}")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(remediation) = &self.remediation_message {
            write!(f, " (remediation: {remediation})")?;
        }
        Ok(())
    }
}

/// Why a call to SDDC Manager failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The credentials were refused, or the session could not be renewed with them.
    #[error("authentication failed: {reason}")]
    Auth { reason: String },

    /// No HTTP exchange happened: DNS, refused or reset connection.
    #[error("cannot connect to {url}: {reason}")]
    CannotConnect { url: String, reason: String },

    /// The TLS handshake failed (untrusted or invalid certificate, protocol mismatch).
    #[error("TLS handshake with {url} failed: {reason}")]
    Tls { url: String, reason: String },

    /// The request was sent but no complete answer arrived in time.
    #[error("{method} {path} timed out after {after:?}")]
    Timeout {
        method: String,
        path: String,
        after: Duration,
    },

    /// The server kept answering 429 after every retry.
    #[error("{method} {path} was rate limited (retry after {retry_after:?})")]
    RateLimited {
        method: String,
        path: String,
        retry_after: Option<Duration>,
    },

    /// The server answered with an error status. The body is boxed so that every
    /// `Result<_, ApiError>` stays small.
    #[error("{method} {path} returned HTTP {status}: {}", server_error_text(.body))]
    Http {
        method: String,
        path: String,
        status: u16,
        body: Option<Box<ServerError>>,
    },

    /// The server answered, but not with what this API promises.
    #[error("invalid response to {method} {path}: expected {expected}: {reason}")]
    InvalidResponse {
        method: String,
        path: String,
        expected: String,
        reason: String,
    },

    /// The response body exceeded the configured cap.
    #[error("response to {method} {path} exceeds the {limit} byte limit")]
    BodyTooLarge {
        method: String,
        path: String,
        limit: usize,
    },

    /// The client was configured with something unusable (bad URL, unreadable CA bundle).
    #[error("invalid client configuration: {reason}")]
    Configuration { reason: String },
}

fn server_error_text(body: &Option<Box<ServerError>>) -> String {
    body.as_ref()
        .map_or_else(|| "no error details".to_owned(), ToString::to_string)
}

impl ApiError {
    /// The HTTP status of an [`ApiError::Http`], if that is what this is.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True when SDDC Manager could not be reached or answered as a server in trouble would
    /// (connection failure, timeout, 5xx, rate limit): the kind of failure a long-running
    /// upgrade rides out instead of failing.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::CannotConnect { .. } | Self::Timeout { .. } | Self::RateLimited { .. } => true,
            Self::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// True when SDDC Manager refused a start because something else must happen first
    /// (424 Failed Dependency, e.g. `SDDC_MANAGER_NOT_UPGRADED`: VCF's order across domains).
    /// Nothing was started: the same request may be sent again once the dependency holds.
    pub fn is_order_refusal(&self) -> bool {
        match self {
            Self::Http { status: 424, .. } => true,
            Self::Http {
                body: Some(body), ..
            } => body.error_code.as_deref() == Some("SDDC_MANAGER_NOT_UPGRADED"),
            _ => false,
        }
    }

    /// What SDDC Manager said about a refusal, for the operator: its message and remediation
    /// when it sent them, else the whole error.
    pub fn server_explanation(&self) -> String {
        match self {
            Self::Http {
                body: Some(body), ..
            } if body.message.is_some() => {
                let mut text = body.message.clone().unwrap_or_default();
                if let Some(remediation) = &body.remediation_message {
                    text.push_str(&format!(" ({remediation})"));
                }
                text
            }
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_error_display_carries_the_server_details() {
        let error = ApiError::Http {
            method: "POST".into(),
            path: "/v1/domains/d1/upgrades".into(),
            status: 409,
            body: Some(Box::new(ServerError {
                error_code: Some("PRECHECK_REQUIRED".into()),
                message: Some("Run a precheck first".into()),
                remediation_message: Some("Start a precheck".into()),
                reference_token: None,
            })),
        };
        assert_eq!(
            error.to_string(),
            "POST /v1/domains/d1/upgrades returned HTTP 409: PRECHECK_REQUIRED: \
             Run a precheck first (remediation: Start a precheck)"
        );
        assert_eq!(error.status(), Some(409));
        assert!(!error.is_unavailable());
    }

    #[test]
    fn server_trouble_counts_as_unavailable() {
        let error = ApiError::Http {
            method: "GET".into(),
            path: "/v1/domains".into(),
            status: 503,
            body: None,
        };
        assert!(error.is_unavailable());
        assert!(error.to_string().ends_with("no error details"));
    }
}
