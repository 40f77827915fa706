//! Access and refresh tokens.
//!
//! Access tokens are JWT-shaped (`header.payload.signature`, base64url) so that clients can
//! read `exp`; the simulator itself never parses them back: it remembers every token it issued
//! with its expiry on the simulator clock, which is more precise than `exp`'s whole seconds
//! and lets the control API expire tokens at will.

use std::collections::HashMap;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::json;

use crate::clock::{Clock, SimTime};
use crate::state::new_id;

/// Past this many remembered access tokens, expired ones are forgotten (an unknown token
/// gets the same 401 as an expired one, so forgetting changes nothing for clients).
const ACCESS_TOKENS_BEFORE_PRUNING: usize = 50_000;
/// Past this many refresh tokens, the oldest half is revoked.
const MAX_REFRESH_TOKENS: usize = 100_000;

/// What an access token is worth at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    Valid,
    Expired,
    Unknown,
}

#[derive(Debug)]
struct AccessGrant {
    expires_at: SimTime,
}

#[derive(Debug)]
struct RefreshGrant {
    username: String,
    /// Issue order, to revoke the oldest first when there are too many.
    sequence: u64,
}

/// Every token the simulator has issued.
#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
    next_refresh_sequence: u64,
}

impl TokenStore {
    /// Issues a token pair; returns (access token, refresh token id).
    pub(crate) fn login(
        &mut self,
        username: &str,
        now: SimTime,
        ttl: Duration,
        clock: &Clock,
    ) -> (String, String) {
        let access_token = self.issue_access_token(username, now, ttl, clock);
        if self.refresh.len() >= MAX_REFRESH_TOKENS {
            let oldest_kept = self
                .next_refresh_sequence
                .saturating_sub(u64::try_from(MAX_REFRESH_TOKENS / 2).unwrap_or(u64::MAX));
            self.refresh
                .retain(|_, grant| grant.sequence >= oldest_kept);
        }
        let refresh_id = new_id();
        self.refresh.insert(
            refresh_id.clone(),
            RefreshGrant {
                username: username.to_owned(),
                sequence: self.next_refresh_sequence,
            },
        );
        self.next_refresh_sequence = self.next_refresh_sequence.saturating_add(1);
        (access_token, refresh_id)
    }

    /// A new access token for a known refresh token id, or `None`.
    pub(crate) fn refresh(
        &mut self,
        refresh_id: &str,
        now: SimTime,
        ttl: Duration,
        clock: &Clock,
    ) -> Option<String> {
        let username = self.refresh.get(refresh_id)?.username.clone();
        Some(self.issue_access_token(&username, now, ttl, clock))
    }

    pub(crate) fn check(&self, access_token: &str, now: SimTime) -> AccessCheck {
        match self.access.get(access_token) {
            None => AccessCheck::Unknown,
            Some(grant) if now < grant.expires_at => AccessCheck::Valid,
            Some(_) => AccessCheck::Expired,
        }
    }

    /// Makes every access token issued so far expired at `now`.
    pub(crate) fn expire_access_tokens(&mut self, now: SimTime) {
        for grant in self.access.values_mut() {
            grant.expires_at = grant.expires_at.min(now);
        }
    }

    /// Forgets every refresh token issued so far.
    pub(crate) fn revoke_refresh_tokens(&mut self) {
        self.refresh.clear();
    }

    fn issue_access_token(
        &mut self,
        username: &str,
        now: SimTime,
        ttl: Duration,
        clock: &Clock,
    ) -> String {
        if self.access.len() >= ACCESS_TOKENS_BEFORE_PRUNING {
            self.access.retain(|_, grant| now < grant.expires_at);
        }
        let token = jwt(
            username,
            clock.unix_seconds(now, Duration::ZERO),
            clock.unix_seconds(now, ttl),
        );
        self.access.insert(
            token.clone(),
            AccessGrant {
                expires_at: now.saturating_add(ttl),
            },
        );
        token
    }
}

/// A JWT-shaped token with `sub`, `iat`, `exp` and a unique `jti`. The signature is random
/// bytes: clients must not verify it, and the simulator recognises tokens by value.
fn jwt(username: &str, issued_at: u64, expires_at: u64) -> String {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({
        "iss": "vcf-sim",
        "sub": username,
        "iat": issued_at,
        "exp": expires_at,
        "jti": new_id(),
    });
    let signature = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()]
        .iter()
        .flat_map(|random| random.into_bytes())
        .collect::<Vec<u8>>();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Duration = Duration::from_secs(60);

    fn claims_of(token: &str) -> serde_json::Value {
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn access_tokens_are_jwts_that_expire_after_their_ttl() {
        let clock = Clock::new();
        let mut store = TokenStore::default();
        let now = SimTime::from_millis(1_000);
        let (token, _) = store.login("admin", now, TTL, &clock);
        assert_eq!(token.split('.').count(), 3);
        let claims = claims_of(&token);
        assert_eq!(claims["sub"], "admin");
        let issued = claims["iat"].as_u64().unwrap();
        assert_eq!(claims["exp"].as_u64().unwrap(), issued + 60);

        assert_eq!(store.check(&token, now), AccessCheck::Valid);
        let almost = now.saturating_add(TTL - Duration::from_millis(1));
        assert_eq!(store.check(&token, almost), AccessCheck::Valid);
        assert_eq!(
            store.check(&token, now.saturating_add(TTL)),
            AccessCheck::Expired
        );
        assert_eq!(store.check("nope", now), AccessCheck::Unknown);
    }

    #[test]
    fn refresh_tokens_mint_new_access_tokens_until_revoked() {
        let clock = Clock::new();
        let mut store = TokenStore::default();
        let now = SimTime::from_millis(0);
        let (first, refresh_id) = store.login("admin", now, TTL, &clock);
        let later = now.saturating_add(TTL * 2);
        let second = store.refresh(&refresh_id, later, TTL, &clock).unwrap();
        assert_ne!(first, second);
        assert_eq!(claims_of(&second)["sub"], "admin");
        assert_eq!(store.check(&second, later), AccessCheck::Valid);
        assert!(store.refresh("unknown", later, TTL, &clock).is_none());

        store.revoke_refresh_tokens();
        assert!(store.refresh(&refresh_id, later, TTL, &clock).is_none());
    }

    #[test]
    fn expiring_all_tokens_spares_tokens_issued_afterwards() {
        let clock = Clock::new();
        let mut store = TokenStore::default();
        let (old, refresh_id) = store.login("admin", SimTime::from_millis(0), TTL, &clock);
        store.expire_access_tokens(SimTime::from_millis(10));
        assert_eq!(
            store.check(&old, SimTime::from_millis(10)),
            AccessCheck::Expired
        );
        let new = store
            .refresh(&refresh_id, SimTime::from_millis(11), TTL, &clock)
            .unwrap();
        assert_eq!(
            store.check(&new, SimTime::from_millis(12)),
            AccessCheck::Valid
        );
    }
}
