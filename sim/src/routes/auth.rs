//! Logging in, refreshing, and the bearer-token check of every other `/v1` call.

use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::Json;

use crate::api_error::{ApiError, JsonBody, JsonObject};
use crate::app::{lock, App};
use crate::tokens::AccessCheck;
use crate::wire::{LoginRequest, RefreshToken, TokenPair};

/// `POST /v1/tokens`.
pub(crate) async fn login(
    State(app): State<Arc<App>>,
    JsonObject(credentials): JsonObject<LoginRequest>,
) -> Result<Json<TokenPair>, ApiError> {
    if credentials.username != app.config.username || credentials.password != app.config.password {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILED",
            "Authentication failed: wrong username or password",
        )
        .with_remediation("Check the credentials"));
    }
    let now = app.clock.now();
    let (access_token, refresh_id) =
        lock(&app.tokens).login(&credentials.username, now, app.config.token_ttl, &app.clock);
    Ok(Json(TokenPair {
        access_token,
        refresh_token: RefreshToken { id: refresh_id },
    }))
}

/// `PATCH /v1/tokens/access-token/refresh`: the body and the answer are JSON strings.
pub(crate) async fn refresh(
    State(app): State<Arc<App>>,
    JsonBody(refresh_id): JsonBody<String>,
) -> Result<Json<String>, ApiError> {
    let now = app.clock.now();
    lock(&app.tokens)
        .refresh(&refresh_id, now, app.config.token_ttl, &app.clock)
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "REFRESH_TOKEN_NOT_VALID",
                "The refresh token is unknown or was revoked",
            )
            .with_remediation("Log in again with POST /v1/tokens")
        })
}

/// Proof that the request carries a valid access token; every protected handler takes one.
pub(crate) struct Authenticated;

impl FromRequestParts<Arc<App>> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, ApiError> {
        let problem = match bearer_token(&parts.headers) {
            None => "The request has no bearer access token",
            Some(token) => match lock(&app.tokens).check(token, app.clock.now()) {
                AccessCheck::Valid => return Ok(Authenticated),
                AccessCheck::Expired => "The access token has expired",
                AccessCheck::Unknown => "The access token is not valid",
            },
        };
        Err(
            ApiError::new(StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID", problem)
                .with_remediation(
                    "Refresh the access token with PATCH /v1/tokens/access-token/refresh or log \
                     in again",
                )
                .with_header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")),
        )
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(authorization: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(authorization).unwrap(),
        );
        headers
    }

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header() {
        assert_eq!(bearer_token(&headers("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("bearer  abc ")), Some("abc"));
        assert_eq!(bearer_token(&headers("Basic abc")), None);
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&headers("Bearer")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
