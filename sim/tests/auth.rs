//! Logging in, refreshing, and the bearer-token check.

mod common;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::{assert_error, bounded, config, Api, PASSWORD, USERNAME};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::SimConfig;

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

#[tokio::test]
async fn login_returns_a_jwt_and_a_refresh_token() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        assert_eq!(api.token.split('.').count(), 3);
        let claims = claims(&api.token);
        assert_eq!(claims["sub"], USERNAME);
        let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
        assert_eq!(lifetime, 3600);
        assert!(!api.refresh_id.is_empty());
        let (status, _) = api.get("/v1/domains").await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn wrong_credentials_are_refused() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        for (username, password) in [
            (USERNAME, "wrong"),
            ("someone@vsphere.local", PASSWORD),
            ("", ""),
        ] {
            let (status, body) = api
                .anonymous(
                    Method::POST,
                    "/v1/tokens",
                    Some(json!({"username": username, "password": password})),
                )
                .await;
            assert_error(
                status,
                &body,
                StatusCode::UNAUTHORIZED,
                "AUTHENTICATION_FAILED",
            );
        }
    })
    .await;
}

#[tokio::test]
async fn configured_credentials_replace_the_default_ones() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig {
            username: String::from("ops@vcf.local"),
            password: String::from("s3cret"),
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let http = common::http_client();
        let login = |username: &str, password: &str| {
            http.post(format!("{}/v1/tokens", sim.url()))
                .json(&json!({"username": username, "password": password}))
                .send()
        };
        assert_eq!(
            login("ops@vcf.local", "s3cret").await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            login(USERNAME, PASSWORD).await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

#[tokio::test]
async fn malformed_logins_are_bad_requests() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        for body in [
            json!({"username": USERNAME}),
            json!({"username": USERNAME, "password": 42}),
            json!([USERNAME, PASSWORD]),
            json!("credentials"),
        ] {
            let (status, error) = api.anonymous(Method::POST, "/v1/tokens", Some(body)).await;
            assert_error(status, &error, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        }
        let (status, error) = api
            .call_raw(Method::POST, "/v1/tokens", b"{\"username\":")
            .await;
        assert_error(status, &error, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    })
    .await;
}

#[tokio::test]
async fn calls_without_a_valid_token_are_unauthorized() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let (status, body) = api.anonymous(Method::GET, "/v1/domains", None).await;
        assert_error(status, &body, StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID");

        for authorization in [
            "Bearer not-a-token",
            "Basic YWRtaW46YWRtaW4=",
            "Bearer",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        ] {
            let response = api
                .http
                .get(api.url("/v1/domains"))
                .header("authorization", authorization)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.headers().get("www-authenticate").unwrap(),
                "Bearer"
            );
            let (status, body) = common::into_json(response).await;
            assert_error(status, &body, StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID");
        }
        // Every protected call checks the token, including the upgrade flow.
        let domain = api.domain(1);
        for (method, path) in [
            (Method::GET, "/v1/sddc-managers".to_owned()),
            (
                Method::GET,
                format!("/v1/releases/domains/{domain}/future-releases"),
            ),
            (Method::PATCH, format!("/v1/releases/domains/{domain}")),
            (Method::POST, format!("/v1/domains/{domain}/upgrades")),
            (
                Method::POST,
                format!("/v1/domains/{domain}/upgrades/acknowledge"),
            ),
        ] {
            let (status, body) = api.anonymous(method, &path, Some(json!({}))).await;
            assert_error(status, &body, StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID");
        }
    })
    .await;
}

#[tokio::test]
async fn access_tokens_expire_after_their_ttl_and_can_be_refreshed() {
    bounded(async {
        let api = Api::start(SimConfig {
            token_ttl: Duration::from_millis(150),
            ..config(&[])
        })
        .await;
        let (status, _) = api.get("/v1/domains").await;
        assert_eq!(status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (status, body) = api.get("/v1/domains").await;
        assert_error(status, &body, StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID");
        assert!(body["message"].as_str().unwrap().contains("expired"));

        let (status, fresh) = api
            .anonymous(
                Method::PATCH,
                "/v1/tokens/access-token/refresh",
                Some(json!(api.refresh_id)),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let fresh = fresh.as_str().expect("a JSON string").to_owned();
        assert_ne!(fresh, api.token);
        let response = api
            .http
            .get(api.url("/v1/domains"))
            .bearer_auth(&fresh)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn refreshing_needs_a_known_refresh_token_as_a_json_string() {
    bounded(async {
        let api = Api::start(config(&[])).await;
        let path = "/v1/tokens/access-token/refresh";
        let (status, body) = api
            .anonymous(Method::PATCH, path, Some(json!("5f0c2e4a-unknown")))
            .await;
        assert_error(
            status,
            &body,
            StatusCode::UNAUTHORIZED,
            "REFRESH_TOKEN_NOT_VALID",
        );
        let (status, body) = api
            .anonymous(Method::PATCH, path, Some(json!({"id": api.refresh_id})))
            .await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        let (status, body) = api.call_raw(Method::PATCH, path, b"not json").await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    })
    .await;
}

#[tokio::test]
async fn the_control_api_expires_tokens_and_revokes_refresh_tokens() {
    bounded(async {
        let mut api = Api::start(config(&[])).await;
        let (status, body) = api.control(Method::POST, "/sim/tokens/expire", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["refreshTokensRevoked"], false);
        let (status, body) = api.get("/v1/domains").await;
        assert_error(status, &body, StatusCode::UNAUTHORIZED, "TOKEN_NOT_VALID");

        // The refresh token still works, and the new access token is valid.
        let (status, fresh) = api
            .anonymous(
                Method::PATCH,
                "/v1/tokens/access-token/refresh",
                Some(json!(api.refresh_id)),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        api.token = fresh.as_str().unwrap().to_owned();
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);

        let (status, body) = api
            .control(
                Method::POST,
                "/sim/tokens/expire",
                Some(json!({"refreshTokens": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["refreshTokensRevoked"], true);
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::UNAUTHORIZED);
        let (status, body) = api
            .anonymous(
                Method::PATCH,
                "/v1/tokens/access-token/refresh",
                Some(json!(api.refresh_id)),
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::UNAUTHORIZED,
            "REFRESH_TOKEN_NOT_VALID",
        );

        // Logging in again works.
        api.login().await;
        assert_eq!(api.get("/v1/domains").await.0, StatusCode::OK);
    })
    .await;
}
