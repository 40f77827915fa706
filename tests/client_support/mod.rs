//! Helpers shared by the `client_*` integration tests: a simulator with its control API, a
//! client on a virtual clock, a scripted HTTP server for header forms the simulator does not
//! send, and a log capture.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use datacenter_assistant_core::api::{ClientConfig, ContractClient, RetryConfig};
use datacenter_assistant_core::clock::VirtualClock;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vcf_sim::{RunningSim, SimConfig};

#[path = "../sim_control/mod.rs"]
mod sim_control;
#[allow(unused_imports)] // each test binary uses a different part
pub use sim_control::{bounded, Control, Record, PASSWORD, USERNAME};

/// A simulator whose steps finish by the next request.
pub async fn start_sim(config: SimConfig) -> RunningSim {
    vcf_sim::start(SimConfig {
        step: Duration::ZERO,
        ..config
    })
    .await
    .expect("the simulator starts")
}

pub async fn default_sim() -> RunningSim {
    start_sim(SimConfig::default()).await
}

/// A client configuration for `url` on a fresh virtual clock, without jitter so that waits
/// can be asserted exactly.
pub fn config_for(url: &str) -> (ClientConfig, Arc<VirtualClock>) {
    let clock = VirtualClock::starting_at(SystemTime::now());
    let mut config = ClientConfig::new(url, USERNAME, PASSWORD);
    config.clock = clock.clone();
    config.request_timeout = Duration::from_secs(10);
    config.connect_timeout = Duration::from_secs(5);
    config.retry = RetryConfig {
        jitter: false,
        ..RetryConfig::default()
    };
    (config, clock)
}

pub fn client_for(sim: &RunningSim) -> (ContractClient, Arc<VirtualClock>) {
    let (config, clock) = config_for(sim.url());
    (ContractClient::new(config).expect("client"), clock)
}

/// A canned HTTP response of the scripted server.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Canned {
    pub fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A tiny HTTP/1.1 server on loopback: `POST /v1/tokens` always logs in; every other request
/// gets the next canned response (then 200 with an SDDC Manager page).
pub struct Scripted {
    pub url: String,
    pub hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn sddc_manager_page() -> Value {
    json!({"elements": [{"id": "sddc-1", "fqdn": "sddc.scripted", "version": "5.1.1.0"}]})
}

pub async fn scripted(responses: Vec<Canned>) -> Scripted {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let hits = Arc::new(AtomicUsize::new(0));
    let queue = Arc::new(Mutex::new(responses.into_iter()));
    let counter = hits.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let queue = queue.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then as much body as Content-Length says.
                let head_end = loop {
                    let Ok(read) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
                let length = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())
                            .flatten()
                    })
                    .unwrap_or(0);
                while buffer.len() < head_end + length {
                    let Ok(read) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        break;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                }
                let request_line = head.lines().next().unwrap_or_default().to_owned();
                let canned = if request_line.starts_with("POST /v1/tokens ") {
                    Canned::json(
                        200,
                        json!({"accessToken": "opaque-access", "refreshToken": {"id": "r-1"}}),
                    )
                } else {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let next = queue.lock().expect("queue").next();
                    next.unwrap_or_else(|| Canned::json(200, sddc_manager_page()))
                };
                let mut response = format!(
                    "HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                    canned.status,
                    canned.body.len()
                );
                for (name, value) in &canned.headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(&canned.body);
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Scripted { url, hits, task }
}

/// Every log line of the test binary, captured at DEBUG.
pub fn captured_logs() -> &'static Mutex<Vec<String>> {
    static LINES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| Mutex::new(Vec::new()))
}

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        if let Ok(mut lines) = captured_logs().lock() {
            lines.push(line);
        }
    }

    fn flush(&self) {}
}

/// Install the capturing logger (once per test binary).
pub fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        static CAPTURE: Capture = Capture;
        if log::set_logger(&CAPTURE).is_ok() {
            log::set_max_level(log::LevelFilter::Debug);
        }
    });
}

/// Sleeps recorded by `clock`, in whole milliseconds (for readable assertions).
pub fn sleeps_ms(clock: &VirtualClock) -> Vec<u128> {
    clock.sleeps().iter().map(Duration::as_millis).collect()
}

/// The one step of the contract's domain upgrade (the contract upgrades the whole domain).
pub fn whole_domain(
    release: &datacenter_assistant_core::api::model::Release,
) -> datacenter_assistant_core::api::model::UpgradeStep {
    datacenter_assistant_core::api::model::UpgradeStep {
        bundle_id: release.id.clone(),
        component: None,
        from_version: None,
        to_version: Some(release.version.clone()),
        position: 1,
        total: 1,
    }
}
