//! Everything that talks to SDDC Manager.
//!
//! - [`config`]: [`ClientConfig`] and [`RetryConfig`];
//! - [`secret`]: [`Secret`], a string that prints as `***`;
//! - `transport`: the pooled reqwest client, TLS options, the body cap, error classification;
//! - `retry`: which failures are retried and how long to wait (through the injected clock);
//! - `exchange`: a retried exchange and the typed reading of its answer;
//! - `auth`: the access token's lifecycle;
//! - `wire`: the JSON models of `docs/api.md`;
//! - `redact`: bodies as they may appear in logs;
//! - [`sddc`]: [`SddcClient`], the `docs/api.md` implementation of [`UpgradeApi`].

mod auth;
pub mod config;
pub mod dialect;
pub mod error;
mod exchange;
pub mod model;
mod redact;
mod retry;
pub mod sddc;
pub mod secret;
mod transport;
mod wire;

pub use config::{ClientConfig, RetryConfig};
pub use dialect::{ApiResult, UpgradeApi};
pub use error::{ApiError, ServerError};
pub use sddc::SddcClient;
pub use secret::Secret;
