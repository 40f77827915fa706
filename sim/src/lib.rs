//! `vcf-sim`: an SDDC Manager (VMware Cloud Foundation) simulator.
//!
//! It serves the domain upgrade API of `docs/api.md` over real HTTP(S), with per-domain
//! scenarios, time-scaled upgrades and run-time fault injection through a `/sim/` control API
//! (`docs/simulator.md`). Use it in-process:
//!
//! ```no_run
//! # async fn demo() -> Result<(), vcf_sim::SimError> {
//! let sim = vcf_sim::start(vcf_sim::SimConfig::default()).await?;
//! println!("SDDC Manager at {}, first domain {}", sim.url(), sim.domain_id(1));
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! or as the `vcf-sim` binary, which prints its URL on the first line of stdout.

mod api_error;
mod app;
mod catalog;
mod clock;
mod config;
mod faults;
mod gate;
mod outage;
mod request_log;
mod routes;
mod scenario;
mod server;
mod state;
mod tls;
mod tokens;
mod vcf52;
mod wire;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    Dialect, SimConfig, UnknownFields, VcfVersion, MAX_CLUSTERS_PER_DOMAIN, MAX_DOMAINS,
    MAX_HOSTS_PER_CLUSTER, REORDERABLE_COMPONENTS,
};
pub use scenario::{Scenario, UnknownScenario};

/// Why a simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The configuration is inconsistent.
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificates or configuration could not be made.
    #[error("TLS setup failed: {0}")]
    Tls(String),
}

/// A simulator serving in the background. Dropping it stops the server.
pub struct RunningSim {
    url: String,
    local_addr: SocketAddr,
    ca_pem: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl fmt::Debug for RunningSim {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RunningSim")
            .field("url", &self.url)
            .field("tls", &self.ca_pem.is_some())
            .finish_non_exhaustive()
    }
}

/// Starts a simulator on the current tokio runtime.
pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
    config.validate()?;
    let tls = if config.tls {
        Some(tls::generate()?)
    } else {
        None
    };
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| SimError::Bind {
            address: config.listen,
            source,
        })?;
    let bound = listener.local_addr().map_err(|source| SimError::Bind {
        address: config.listen,
        source,
    })?;
    let local_addr = SocketAddr::new(reachable_ip(bound.ip()), bound.port());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{local_addr}");

    let app = Arc::new(app::App::new(config, local_addr.ip().to_string()));
    let router = routes::router(app);
    let (shutdown, shutdown_signal) = oneshot::channel();
    let acceptor = tls
        .as_ref()
        .map(|material| tokio_rustls::TlsAcceptor::from(Arc::clone(&material.server_config)));
    let server = tokio::spawn(server::serve(listener, acceptor, router, shutdown_signal));
    log::info!("vcf-sim serving at {url}");

    Ok(RunningSim {
        url,
        local_addr,
        ca_pem: tls.map(|material| material.ca_pem),
        shutdown: Some(shutdown),
        server: Some(server),
    })
}

/// The address clients should use: a wildcard bind is reached through loopback.
fn reachable_ip(bound: IpAddr) -> IpAddr {
    match bound {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

impl RunningSim {
    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the simulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// PEM of the CA that signed the server certificate (`Some` only with `tls`).
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Id of domain `index` (1-based): `00000000-0000-4000-8000-{index:012}`.
    pub fn domain_id(&self, index: usize) -> String {
        catalog::domain_id(index)
    }

    /// Stops accepting connections, closes the open ones and waits for the server to end.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may already be gone; then there is nothing to stop.
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            if let Err(error) = server.await {
                if error.is_panic() {
                    log::error!("the simulator's server task panicked");
                }
            }
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        // Dropping the sender wakes the accept loop; aborting covers a runtime that no longer
        // polls it. Either way the connection tasks are aborted with the loop's JoinSet.
        self.shutdown.take();
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
