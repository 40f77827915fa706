//! The access token's life: log in, refresh ahead of expiry, renew after a 401, log in again
//! when the refresh token is refused. Tokens live in memory only.
//!
//! One `tokio::sync::Mutex` guards the session. Whoever finds the token stale or refused renews
//! it while holding the lock; every token carries the session's generation, so a caller whose
//! refused token was already replaced by someone else just takes the new one. Ten calls that
//! hit 401 together therefore cause one refresh.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::sync::Mutex;

use super::error::ApiError;
use super::exchange::{decode, server_error, Exchange};
use super::secret::Secret;
use super::transport::ApiRequest;
use super::wire::{TokenCreationSpec, TokenPair};
use crate::log_targets::API;

pub(crate) const LOGIN_PATH: &str = "/v1/tokens";
pub(crate) const REFRESH_PATH: &str = "/v1/tokens/access-token/refresh";

/// base64url, with or without padding (JWTs have none, some encoders add it).
const JWT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// An access token and the session generation it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub access: Secret,
    pub generation: u64,
}

#[derive(Debug)]
struct Session {
    access: Secret,
    refresh_id: Secret,
    /// When to refresh ahead of expiry.
    refresh_at: SystemTime,
    /// When the server will refuse the token.
    expires_at: SystemTime,
}

#[derive(Debug, Default)]
struct TokenState {
    session: Option<Session>,
    /// Bumped whenever the access token changes.
    generation: u64,
}

impl TokenState {
    fn current(&self) -> Option<Token> {
        self.session.as_ref().map(|session| Token {
            access: session.access.clone(),
            generation: self.generation,
        })
    }
}

#[derive(Debug)]
pub(crate) struct TokenManager {
    username: String,
    password: Secret,
    fallback_lifetime: Duration,
    refresh_ahead: Duration,
    state: Mutex<TokenState>,
    /// When the current access token expires, in milliseconds since the Unix epoch; 0 when
    /// there is none. Readable without waiting for the session lock.
    expires_at_ms: AtomicU64,
}

impl TokenManager {
    pub fn new(
        username: String,
        password: Secret,
        fallback_lifetime: Duration,
        refresh_ahead: Duration,
    ) -> Self {
        Self {
            username,
            password,
            fallback_lifetime,
            refresh_ahead,
            state: Mutex::new(TokenState::default()),
            expires_at_ms: AtomicU64::new(0),
        }
    }

    /// When the current access token expires; `None` before the first login or after the
    /// credentials were refused. Never the token itself.
    pub fn expires_at(&self) -> Option<SystemTime> {
        match self.expires_at_ms.load(Ordering::Relaxed) {
            0 => None,
            ms => UNIX_EPOCH.checked_add(Duration::from_millis(ms)),
        }
    }

    fn record_expiry(&self, expires_at: Option<SystemTime>) {
        let ms = expires_at
            .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| {
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX).max(1)
            });
        self.expires_at_ms.store(ms, Ordering::Relaxed);
    }

    /// A token to send: the current one, or a fresh one when there is none or it is due for
    /// refresh.
    pub async fn token(&self, http: &Exchange) -> Result<Token, ApiError> {
        let mut state = self.state.lock().await;
        let now = http.clock.now();
        match &state.session {
            Some(session) if now < session.refresh_at => state
                .current()
                .ok_or_else(|| internal("the session vanished")),
            Some(_) => {
                log::debug!(target: API, "access token due for refresh");
                self.renew(&mut state, http).await
            }
            None => self.login(&mut state, http).await,
        }
    }

    /// A replacement for the token of `failed_generation`, which the server refused with 401.
    pub async fn after_unauthorized(
        &self,
        http: &Exchange,
        failed_generation: u64,
    ) -> Result<Token, ApiError> {
        let mut state = self.state.lock().await;
        if state.generation != failed_generation {
            if let Some(token) = state.current() {
                // Someone else already renewed the session.
                return Ok(token);
            }
        }
        log::debug!(target: API, "access token refused; renewing the session");
        self.renew(&mut state, http).await
    }

    /// Refresh the access token; if the refresh token is refused, log in again. When the
    /// server cannot be reached and the current token has not expired yet, keep using it.
    async fn renew(&self, state: &mut TokenState, http: &Exchange) -> Result<Token, ApiError> {
        let Some((refresh_id, old_expiry)) = state
            .session
            .as_ref()
            .map(|session| (session.refresh_id.clone(), session.expires_at))
        else {
            return self.login(state, http).await;
        };
        match self.refresh(&refresh_id, http).await {
            Ok(access) => {
                let (refresh_at, expires_at) = self.schedule(&access, http.clock.now());
                self.record_expiry(Some(expires_at));
                state.session = Some(Session {
                    access,
                    refresh_id,
                    refresh_at,
                    expires_at,
                });
                state.generation += 1;
                log::debug!(
                    target: API,
                    "access token refreshed (generation {})",
                    state.generation
                );
                state
                    .current()
                    .ok_or_else(|| internal("the session vanished"))
            }
            Err(error) if error.is_unavailable() => {
                if http.clock.now() < old_expiry {
                    // DEBUG: repeated on every call while SDDC Manager is away.
                    log::debug!(
                        target: API,
                        "cannot refresh the access token ({error}); using it until it expires"
                    );
                    // The refresh is retried on the next call.
                    return state
                        .current()
                        .ok_or_else(|| internal("the session vanished"));
                }
                Err(error)
            }
            Err(error) => {
                log::info!(
                    target: API,
                    "refreshing the access token failed ({error}); logging in again"
                );
                self.login(state, http).await
            }
        }
    }

    async fn refresh(&self, refresh_id: &Secret, http: &Exchange) -> Result<Secret, ApiError> {
        let request = ApiRequest::with_body(
            Method::PATCH,
            REFRESH_PATH.to_owned(),
            Value::String(refresh_id.expose().to_owned()),
            true,
        );
        let attempt = http.send(&request, None).await;
        let response = http.finish(attempt, &request)?;
        let access: Secret = decode(&response, &request, "the new access token as a JSON string")?;
        if access.is_empty() {
            return Err(super::exchange::invalid(
                &request,
                "the new access token as a JSON string",
                "empty token".to_owned(),
            ));
        }
        Ok(access)
    }

    async fn login(&self, state: &mut TokenState, http: &Exchange) -> Result<Token, ApiError> {
        let body = serde_json::to_value(TokenCreationSpec {
            username: &self.username,
            password: self.password.expose(),
        })
        .map_err(|error| internal(&format!("cannot encode the login request: {error}")))?;
        let request = ApiRequest::with_body(Method::POST, LOGIN_PATH.to_owned(), body, true);
        let attempt = http.send(&request, None).await;
        if let Ok(response) = &attempt {
            if matches!(
                response.status,
                StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ) {
                let details = server_error(&response.body)
                    .map_or_else(|| "no details".to_owned(), |error| error.to_string());
                state.session = None;
                self.record_expiry(None);
                let reason = format!(
                    "SDDC Manager refused the credentials of {} (HTTP {}: {details})",
                    self.username,
                    response.status.as_u16()
                );
                return Err(ApiError::Auth { reason });
            }
        }
        let response = http.finish(attempt, &request)?;
        let pair: TokenPair = decode(&response, &request, "TokenPair")?;
        if pair.access_token.is_empty() || pair.refresh_token.id.is_empty() {
            return Err(super::exchange::invalid(
                &request,
                "TokenPair",
                "empty token".to_owned(),
            ));
        }
        let (refresh_at, expires_at) = self.schedule(&pair.access_token, http.clock.now());
        self.record_expiry(Some(expires_at));
        state.session = Some(Session {
            access: pair.access_token,
            refresh_id: pair.refresh_token.id,
            refresh_at,
            expires_at,
        });
        state.generation += 1;
        log::debug!(
            target: API,
            "logged in as {} (generation {})",
            self.username,
            state.generation
        );
        state
            .current()
            .ok_or_else(|| internal("the session vanished"))
    }

    /// When to refresh `access` and when it expires, counted from `now`.
    fn schedule(&self, access: &Secret, now: SystemTime) -> (SystemTime, SystemTime) {
        let lifetime = token_lifetime(access.expose(), now).unwrap_or(self.fallback_lifetime);
        let ahead = self.refresh_ahead.min(lifetime / 2);
        (now + (lifetime - ahead), now + lifetime)
    }
}

fn internal(reason: &str) -> ApiError {
    ApiError::Auth {
        reason: format!("internal error: {reason}"),
    }
}

/// The `iat` and `exp` claims (Unix seconds) of a JWT, when it is one.
pub(crate) fn jwt_times(token: &str) -> (Option<u64>, Option<u64>) {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (None, None);
    };
    let Ok(bytes) = JWT_BASE64.decode(payload) else {
        return (None, None);
    };
    let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(&bytes) else {
        return (None, None);
    };
    let seconds = |name: &str| claims.get(name).and_then(unix_seconds);
    (seconds("iat"), seconds("exp"))
}

fn unix_seconds(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .and_then(|f| Duration::try_from_secs_f64(f).ok())
                .map(|d| d.as_secs())
        }),
        _ => None,
    }
}

/// How long a token lives: `exp - iat` when both are there (immune to clock skew between
/// client and server), else `exp - now`; `None` when the token says nothing usable.
pub(crate) fn token_lifetime(token: &str, now: SystemTime) -> Option<Duration> {
    match jwt_times(token) {
        (Some(iat), Some(exp)) if exp > iat => Some(Duration::from_secs(exp - iat)),
        (_, Some(exp)) => UNIX_EPOCH
            .checked_add(Duration::from_secs(exp))?
            .duration_since(now)
            .ok()
            .filter(|lifetime| !lifetime.is_zero()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(claims: &Value) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.{}",
            engine.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            engine.encode(claims.to_string()),
            engine.encode(b"signature")
        )
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn exp_and_iat_are_read_from_the_payload() {
        let token = jwt(&json!({"sub": "admin", "iat": 1_000, "exp": 4_600}));
        assert_eq!(jwt_times(&token), (Some(1_000), Some(4_600)));
        assert_eq!(
            token_lifetime(&token, at(999_999)),
            Some(Duration::from_secs(3_600)),
            "exp - iat, whatever the local clock says"
        );
    }

    #[test]
    fn exp_alone_counts_from_now() {
        let token = jwt(&json!({"exp": 2_000.5}));
        assert_eq!(jwt_times(&token), (None, Some(2_000)));
        assert_eq!(
            token_lifetime(&token, at(1_400)),
            Some(Duration::from_secs(600))
        );
        assert_eq!(token_lifetime(&token, at(2_500)), None, "already past");
    }

    #[test]
    fn padded_payloads_are_accepted() {
        let engine = base64::engine::general_purpose::URL_SAFE;
        let token = format!("x.{}.y", engine.encode(br#"{"exp":77}"#));
        assert_eq!(jwt_times(&token), (None, Some(77)));
    }

    #[test]
    fn anything_else_has_no_lifetime() {
        for token in [
            "opaque-token".to_owned(),
            "a.b".to_owned(),
            "a.b.c.d".to_owned(),
            "a.!!!.c".to_owned(),
            jwt(&json!({"sub": "x"})),
            jwt(&json!({"exp": "tomorrow"})),
            jwt(&json!({"exp": -5})),
            jwt(&json!([1, 2])),
        ] {
            assert_eq!(token_lifetime(&token, at(0)), None, "{token}");
        }
    }

    #[test]
    fn refresh_is_scheduled_ahead_of_expiry() {
        let manager = TokenManager::new(
            "admin".into(),
            Secret::from("pw"),
            Duration::from_secs(600),
            Duration::from_secs(60),
        );
        let hour = Secret::new(jwt(&json!({"iat": 0, "exp": 3_600})));
        assert_eq!(
            manager.schedule(&hour, at(10)),
            (at(10 + 3_540), at(10 + 3_600))
        );
        // A short-lived token refreshes at half its life, not constantly.
        let short = Secret::new(jwt(&json!({"iat": 0, "exp": 2})));
        assert_eq!(manager.schedule(&short, at(10)), (at(11), at(12)));
        let opaque = Secret::from("opaque");
        assert_eq!(
            manager.schedule(&opaque, at(10)),
            (at(10 + 540), at(10 + 600))
        );
    }

    #[test]
    fn expiry_is_readable_without_the_token() {
        let manager = TokenManager::new(
            "admin".into(),
            Secret::from("pw"),
            Duration::from_secs(600),
            Duration::from_secs(60),
        );
        assert_eq!(manager.expires_at(), None);
        manager.record_expiry(Some(at(1_234)));
        assert_eq!(manager.expires_at(), Some(at(1_234)));
        manager.record_expiry(None);
        assert_eq!(manager.expires_at(), None);
    }
}
