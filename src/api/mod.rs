//! Everything that talks to SDDC Manager.
//!
//! - [`config`]: [`ClientConfig`] and [`RetryConfig`];
//! - [`secret`]: [`Secret`], a string that prints as `***`;
//! - `transport`: the pooled reqwest client, TLS options, the body cap, error classification;
//! - `retry`: which failures are retried and how long to wait (through the injected clock);
//! - `exchange`: a retried exchange and the typed reading of its answer;
//! - `auth`: the access token's lifecycle;
//! - [`session`]: [`Session`], what every dialect shares (login, token, retries, TLS, body cap);
//! - `wire`: the JSON models of `docs/api.md`; `wire52`: those of SDDC Manager 5.2.1;
//! - `redact`: bodies as they may appear in logs;
//! - [`settings`]: [`UpgradeSettings`], the inputs of SDDC Manager's upgrade wizard;
//! - [`estate`]: clusters and hosts with their capacity and rolling-upgrade headroom;
//! - [`health`]: [`HealthSummary`], SDDC Manager's own health check (SoS health summaries);
//! - [`contract`]: [`ContractClient`], the `docs/api.md` dialect of [`UpgradeApi`];
//! - [`vcf52`]: [`Vcf52Client`], SDDC Manager 5.2.1's lifecycle API as [`UpgradeApi`];
//! - [`client`]: [`VcfClient`], either of them chosen at run time, and [`detect_dialect`].

mod auth;
pub mod client;
pub mod config;
pub mod contract;
pub mod dialect;
pub mod error;
pub mod estate;
mod exchange;
pub mod health;
pub mod model;
mod redact;
mod retry;
pub mod secret;
pub mod session;
pub mod settings;
mod transport;
pub mod vcf52;
mod wire;
mod wire52;

pub use client::{detect_dialect, Dialect, UnknownDialect, VcfClient};
pub use config::{ClientConfig, RetryConfig};
pub use contract::ContractClient;
pub use dialect::{ApiResult, UpgradeApi};
pub use error::{ApiError, ServerError};
pub use health::{HealthCheck, HealthPolling, HealthStatus, HealthSummary};
pub use secret::Secret;
pub use session::Session;
pub use settings::{InvalidSetting, UpgradeSettings};
pub use vcf52::Vcf52Client;
