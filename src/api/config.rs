//! How an [`super::ContractClient`] (or [`super::Vcf52Client`]) is set up.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::error::ApiError;
use super::secret::Secret;
use crate::clock::{SharedClock, SystemClock};

/// Default time for one HTTP exchange, body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time to establish a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Default lifetime assumed for an access token whose JWT carries no `exp`.
pub const DEFAULT_FALLBACK_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Default margin: the access token is refreshed this long before it expires.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(60);

/// The retry policy of transient failures (see `docs/client.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// Retries after the first attempt (so at most `max_retries + 1` requests).
    pub max_retries: usize,
    /// The first backoff; each further one doubles. Jitter adds up to the same again.
    pub base_delay: Duration,
    /// No single wait (backoff or server-advised) is longer than this.
    pub max_delay: Duration,
    /// Add random jitter to the backoff (on by default; tests may turn it off).
    pub jitter: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            jitter: true,
        }
    }
}

/// Everything an [`super::ContractClient`] (or [`super::Vcf52Client`]) needs. Build with [`ClientConfig::new`] and adjust the
/// public fields (struct update syntax works: `ClientConfig { verify_ssl: false, ..cfg }`).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://sddc-manager.example.com` (or `http://` for the simulator). A path prefix is
    /// kept; API paths are appended to it.
    pub base_url: String,
    pub username: String,
    pub password: Secret,
    /// Verify the server's certificate (on by default).
    pub verify_ssl: bool,
    /// A PEM file with extra trusted CA certificates (a lab's self-signed CA).
    pub ca_bundle: Option<PathBuf>,
    /// Time for one HTTP exchange, body included.
    pub request_timeout: Duration,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Largest response body accepted; a bigger one fails with `ApiError::BodyTooLarge`.
    pub max_body_bytes: usize,
    pub retry: RetryConfig,
    /// Lifetime assumed for an access token whose JWT has no usable `exp`.
    pub fallback_token_lifetime: Duration,
    /// Refresh the access token this long before it expires (at most half its lifetime).
    pub refresh_ahead: Duration,
    /// Source of time and of every wait.
    pub clock: SharedClock,
}

impl ClientConfig {
    /// A configuration with every default: verification on, 30 s requests, 10 s connect,
    /// 8 MiB bodies, 3 retries, the system clock.
    pub fn new(
        base_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            username: username.into(),
            password: password.into(),
            verify_ssl: true,
            ca_bundle: None,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry: RetryConfig::default(),
            fallback_token_lifetime: DEFAULT_FALLBACK_TOKEN_LIFETIME,
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            clock: Arc::new(SystemClock),
        }
    }

    /// The base URL, checked: `http` or `https`, a host, no credentials, query or fragment.
    /// The result has no trailing `/`, so `base + "/v1/..."` is the API URL.
    pub(crate) fn parsed_base_url(&self) -> Result<String, ApiError> {
        let raw = self.base_url.trim();
        let url = Url::parse(raw).map_err(|error| configuration(format!("bad URL: {error}")))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(configuration(format!(
                "URL scheme must be http or https, not '{}'",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(configuration("URL has no host".to_owned()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(configuration(
                "URL must not carry credentials; use username and password".to_owned(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(configuration(
                "URL must not have a query or fragment".to_owned(),
            ));
        }
        Ok(url.as_str().trim_end_matches('/').to_owned())
    }

    /// Check the values that do not need I/O.
    pub(crate) fn validate(&self) -> Result<(), ApiError> {
        if self.username.trim().is_empty() {
            return Err(configuration("username is empty".to_owned()));
        }
        if self.password.is_empty() {
            return Err(configuration("password is empty".to_owned()));
        }
        if self.request_timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(configuration("timeouts must be positive".to_owned()));
        }
        if self.max_body_bytes == 0 {
            return Err(configuration("max_body_bytes must be positive".to_owned()));
        }
        if self.fallback_token_lifetime.is_zero() {
            return Err(configuration(
                "fallback_token_lifetime must be positive".to_owned(),
            ));
        }
        Ok(())
    }
}

fn configuration(reason: String) -> ApiError {
    ApiError::Configuration { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> ClientConfig {
        ClientConfig::new(url, "administrator@vsphere.local", "VMware1!VMware1!")
    }

    #[test]
    fn base_url_is_normalised() {
        assert_eq!(
            config("https://sddc.example.com/").parsed_base_url().ok(),
            Some("https://sddc.example.com".to_owned())
        );
        assert_eq!(
            config(" http://127.0.0.1:8443/prefix/ ")
                .parsed_base_url()
                .ok(),
            Some("http://127.0.0.1:8443/prefix".to_owned())
        );
    }

    #[test]
    fn bad_urls_are_configuration_errors() {
        for url in [
            "",
            "sddc.example.com",
            "ftp://sddc.example.com",
            "https://user:pw@sddc.example.com",
            "https://sddc.example.com/?x=1",
            "http://",
        ] {
            let error = config(url).parsed_base_url();
            assert!(
                matches!(error, Err(ApiError::Configuration { .. })),
                "{url}: {error:?}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let text = format!("{:?}", config("https://sddc.example.com"));
        assert!(!text.contains("VMware1!"), "{text}");
        assert!(text.contains("***"));
    }

    #[test]
    fn empty_credentials_are_refused() {
        let mut cfg = config("https://sddc.example.com");
        assert!(cfg.validate().is_ok());
        cfg.password = Secret::new("");
        assert!(matches!(
            cfg.validate(),
            Err(ApiError::Configuration { .. })
        ));
    }
}
