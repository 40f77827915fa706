//! TLS: the simulator's self-signed CA is refused by default, trusted through a CA bundle,
//! and accepted with verification off.

mod client_support;

use std::path::PathBuf;

use client_support::*;
use datacenter_assistant_core::api::{ApiError, ClientConfig, ContractClient, UpgradeApi};
use vcf_sim::{RunningSim, SimConfig};

async fn tls_sim() -> RunningSim {
    start_sim(SimConfig {
        tls: true,
        ..SimConfig::default()
    })
    .await
}

/// A file under the system temp dir, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn with(name: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "dca-client-{}-{}-{name}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        std::fs::write(&path, contents).expect("write temp file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_signed_server_is_refused_by_default() {
    bounded(async {
        let sim = tls_sim().await;
        assert!(sim.url().starts_with("https://"));
        let (client, clock) = client_for(&sim);
        let error = client.login().await.expect_err("untrusted certificate");
        match &error {
            ApiError::Tls { url, reason } => {
                assert_eq!(url, sim.url());
                assert!(reason.contains("not trusted"), "{reason}");
            }
            other => panic!("expected a TLS error, got {other:?}"),
        }
        assert!(!error.is_unavailable());
        assert!(
            clock.sleeps().is_empty(),
            "certificate errors are not retried"
        );
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_ca_bundle_makes_it_trusted() {
    bounded(async {
        let sim = tls_sim().await;
        let bundle = TempFile::with("ca.pem", sim.ca_pem().expect("a CA with tls"));
        let (config, _) = config_for(sim.url());
        let client = ContractClient::new(ClientConfig {
            ca_bundle: Some(bundle.0.clone()),
            ..config
        })
        .expect("client");
        client.login().await.expect("trusted through the bundle");
        let inventory = client.inventory().await.expect("inventory over TLS");
        assert_eq!(inventory.domains.len(), 4);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_can_be_turned_off() {
    bounded(async {
        let sim = tls_sim().await;
        let (config, _) = config_for(sim.url());
        let client = ContractClient::new(ClientConfig {
            verify_ssl: false,
            ..config
        })
        .expect("client");
        let manager = client.sddc_manager().await.expect("no verification");
        assert!(!manager.id.is_empty());
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_a_tls_server_cannot_connect() {
    bounded(async {
        let sim = tls_sim().await;
        let url = sim.url().replacen("https://", "http://", 1);
        let (config, _) = config_for(&url);
        let client = ContractClient::new(config).expect("client");
        let error = client.login().await.expect_err("not HTTP");
        assert!(matches!(error, ApiError::CannotConnect { .. }), "{error:?}");
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_ca_bundles_are_configuration_errors() {
    let (config, _) = config_for("https://127.0.0.1:1");
    let missing = ContractClient::new(ClientConfig {
        ca_bundle: Some(PathBuf::from("/nonexistent/dca/ca.pem")),
        ..config.clone()
    });
    assert!(matches!(missing, Err(ApiError::Configuration { .. })));
    let not_pem = TempFile::with("junk.pem", "this is not a certificate\n");
    let junk = ContractClient::new(ClientConfig {
        ca_bundle: Some(not_pem.0.clone()),
        ..config
    });
    assert!(matches!(junk, Err(ApiError::Configuration { .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_to_a_plain_http_server_is_a_tls_error() {
    bounded(async {
        let sim = default_sim().await;
        let url = sim.url().replacen("http://", "https://", 1);
        let (config, clock) = config_for(&url);
        let client = ContractClient::new(config).expect("client");
        let error = client.login().await.expect_err("no TLS there");
        assert!(matches!(error, ApiError::Tls { .. }), "{error:?}");
        assert!(clock.sleeps().is_empty());
        sim.shutdown().await;
    })
    .await;
}
