//! SDDC-style error responses, and extractors whose rejections are such responses too.
//!
//! axum's own rejections are plain text; a client of this API must only ever see JSON `Error`
//! bodies, so every extractor the routes use is wrapped here.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::state::Refusal;
use crate::wire::ErrorBody;

/// Largest request body the simulator reads.
const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// An error response: a status, an SDDC-style `Error` body and optional extra headers.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: String,
    message: String,
    remediation: Option<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
            remediation: None,
            headers: Vec::new(),
        }
    }

    pub(crate) fn with_remediation(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = Some(remediation.into());
        self
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
            .with_remediation("Fix the request as docs/api.md describes it")
    }

    pub(crate) fn domain_not_found(domain_id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "DOMAIN_NOT_FOUND",
            format!("Domain '{domain_id}' not found"),
        )
        .with_remediation("Check the domain id")
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn body(&self) -> ErrorBody {
        ErrorBody::new(&self.code, self.message.clone(), self.remediation.clone())
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        let status = match refusal {
            Refusal::ReleaseNotFound(_)
            | Refusal::UpgradeNotFound(_)
            | Refusal::AlertNotFound(_) => StatusCode::NOT_FOUND,
            Refusal::ReleaseNotApplicable { .. } => StatusCode::BAD_REQUEST,
            Refusal::ReleaseNotTargeted(_)
            | Refusal::BundlesNotDownloaded { .. }
            | Refusal::PrecheckRequired(_)
            | Refusal::UpgradeInProgress(_)
            | Refusal::NoAlertsToAcknowledge(_) => StatusCode::CONFLICT,
        };
        ApiError::new(status, refusal.error_code(), refusal.to_string())
            .with_remediation(refusal.remediation())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body();
        let mut response = (self.status, Json(body)).into_response();
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

/// Answer for paths no route knows.
pub(crate) async fn unknown_path(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("No API at {} {}", request.method(), request.uri().path()),
    )
    .with_remediation("See docs/api.md for the API's paths")
}

/// Answer for known paths called with the wrong method.
pub(crate) async fn wrong_method(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!(
            "{} is not supported on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .with_remediation("See docs/api.md for the methods each path supports")
}

/// A JSON request body of any shape (the token refresh sends a bare string); malformed JSON,
/// wrong types or missing fields answer 400.
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// A request body that must be a JSON object. serde would also accept an array of the
/// fields' values in order, which no client of this API means to send.
pub(crate) struct JsonObject<T>(pub(crate) T);

impl<S, T> FromRequest<S> for JsonObject<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request).await?;
        parse_json_object(&bytes).map(JsonObject)
    }
}

/// A JSON object body that may also be empty, standing for `T::default()` (control API).
pub(crate) struct OptionalJsonObject<T>(pub(crate) T);

impl<S, T> FromRequest<S> for OptionalJsonObject<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Default,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonObject(T::default()));
        }
        parse_json_object(&bytes).map(OptionalJsonObject)
    }
}

fn parse_json_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|byte| !byte.is_ascii_whitespace());
    if first != Some(&b'{') {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object",
        ));
    }
    parse_json(bytes)
}

async fn read_body(request: Request) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(request.into_body(), MAX_REQUEST_BODY_BYTES)
        .await
        .map_err(|error| {
            ApiError::bad_request(format!(
                "The request body could not be read (at most {MAX_REQUEST_BODY_BYTES} bytes): \
                 {error}"
            ))
        })
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|error| ApiError::bad_request(format!("The request body is not valid: {error}")))
}

/// Path parameters; a parameter of the wrong type answers 400.
pub(crate) struct ApiPath<T>(pub(crate) T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| {
                ApiError::bad_request(format!("The request path is not valid: {rejection}"))
            })
    }
}

/// The `Retry-After` header for a wait of `seconds`.
pub(crate) fn retry_after(seconds: u64) -> (HeaderName, HeaderValue) {
    (header::RETRY_AFTER, HeaderValue::from(seconds))
}
