//! Bodies as they may appear in a log line: secrets replaced by `***`, length bounded.

use serde_json::Value;

use super::secret::REDACTED;

/// Longest body text put in one log line.
const MAX_LOGGED_CHARS: usize = 2048;

/// Keys whose values are secret wherever they appear (compared case-insensitively, ignoring
/// `_` and `-`).
const SECRET_KEYS: &[&str] = &[
    "password",
    "accesstoken",
    "refreshtoken",
    "token",
    "idtoken",
    "secret",
    "authorization",
    "apikey",
];

/// Whether every body of `path` is secret as a whole: the token calls send and receive bare
/// JSON strings (refresh id, access token) that no key names.
pub(crate) fn is_token_path(path: &str) -> bool {
    path.starts_with("/v1/tokens")
}

fn is_secret_key(key: &str) -> bool {
    let normalised: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.contains(&normalised.as_str())
}

/// `value` with every secret replaced by `***`.
pub(crate) fn redact_value(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, inner)| {
                    let inner = if is_secret_key(key) {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact_value(inner)
                    };
                    (key.clone(), inner)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_value).collect()),
        other => other.clone(),
    }
}

/// A body of a request to or response from `path`, ready for a log line.
pub(crate) fn redact_body(path: &str, body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let token_path = is_token_path(path);
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(Value::String(_)) if token_path => REDACTED.to_owned(),
        Ok(value) => redact_value(&value).to_string(),
        // Not JSON: nothing structural to redact; on the token paths keep none of it.
        Err(_) if token_path => format!("<{} bytes, not JSON, withheld>", body.len()),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    truncate(text)
}

/// A JSON request body ready for a log line.
pub(crate) fn redact_json(path: &str, body: &Value) -> String {
    match body {
        Value::String(_) if is_token_path(path) => REDACTED.to_owned(),
        other => truncate(redact_value(other).to_string()),
    }
}

fn truncate(text: String) -> String {
    if text.chars().count() <= MAX_LOGGED_CHARS {
        return text;
    }
    let kept: String = text.chars().take(MAX_LOGGED_CHARS).collect();
    format!("{kept}... ({} bytes in all)", text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn login_request_hides_the_password() {
        let body = json!({"username": "administrator@vsphere.local", "password": "VMware1!"});
        let text = redact_json("/v1/tokens", &body);
        assert!(!text.contains("VMware1!"), "{text}");
        assert!(text.contains("administrator@vsphere.local"));
        assert!(text.contains(r#""password":"***""#));
    }

    #[test]
    fn token_pair_is_hidden_whole() {
        let body = br#"{"accessToken":"eyJhbGciOi.eyJzdWIi.sig","refreshToken":{"id":"5f0c2e4a"}}"#;
        let text = redact_body("/v1/tokens", body);
        assert!(!text.contains("eyJ"), "{text}");
        assert!(!text.contains("5f0c2e4a"), "{text}");
        assert_eq!(text, r#"{"accessToken":"***","refreshToken":"***"}"#);
    }

    #[test]
    fn bare_strings_on_token_paths_are_hidden() {
        let path = "/v1/tokens/access-token/refresh";
        assert_eq!(redact_body(path, br#""eyJhbGciOi.x.y""#), "***");
        assert_eq!(redact_json(path, &json!("5f0c2e4a-refresh-id")), "***");
        assert!(!redact_body(path, b"<html>eyJ</html>").contains("eyJ"));
    }

    #[test]
    fn nested_keys_in_any_case_are_hidden() {
        let body = json!({"items": [{"Refresh_Token": "x1", "nested": {"API-KEY": "x2"}}],
                          "name": "keep"});
        let text = redact_json("/v1/domains", &body);
        assert!(!text.contains("x1") && !text.contains("x2"), "{text}");
        assert!(text.contains("keep"));
    }

    #[test]
    fn ordinary_bodies_are_kept_and_long_ones_cut() {
        assert_eq!(
            redact_body("/v1/domains", b"<html>hi</html>"),
            "<html>hi</html>"
        );
        let long = "a".repeat(5000);
        let text = redact_body("/v1/domains", long.as_bytes());
        assert!(
            text.len() < 2200 && text.ends_with("(5000 bytes in all)"),
            "{text}"
        );
    }
}
