//! Starting, stopping and configuring simulators in-process.

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use common::bounded;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use vcf_sim::{Scenario, SimConfig, SimError};

/// Waits until nothing accepts connections at `address` any more.
async fn wait_until_closed(address: SocketAddr) {
    while TcpStream::connect(address).await.is_ok() {
        tokio::time::sleep(common::POLL).await;
    }
}

#[tokio::test]
async fn shutdown_stops_the_server_and_closes_open_connections() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig::default()).await.unwrap();
        let address = sim.local_addr();
        assert_eq!(sim.url(), format!("http://{address}"));
        let mut open = TcpStream::connect(address).await.unwrap();
        open.write_all(b"GET /sim/health HTTP/1.1\r\nhost: sim\r\n\r\n")
            .await
            .unwrap();
        let mut first = [0u8; 12];
        open.read_exact(&mut first).await.unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");

        sim.shutdown().await;
        assert!(TcpStream::connect(address).await.is_err());
        let mut rest = Vec::new();
        // The kept-alive connection is closed (after the rest of the first response).
        let _ = open.read_to_end(&mut rest).await;
        let mut more = [0u8; 1];
        assert!(matches!(open.read(&mut more).await, Ok(0) | Err(_)));
    })
    .await;
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig::default()).await.unwrap();
        let address = sim.local_addr();
        assert!(TcpStream::connect(address).await.is_ok());
        drop(sim);
        wait_until_closed(address).await;
    })
    .await;
}

#[tokio::test]
async fn simulators_are_independent() {
    bounded(async {
        let mut sims = Vec::new();
        for _ in 0..8 {
            sims.push(vcf_sim::start(SimConfig::default()).await.unwrap());
        }
        let mut urls: Vec<&str> = sims.iter().map(|sim| sim.url()).collect();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), 8);
        let http = common::http_client();
        http.post(format!("{}/sim/faults", sims[0].url()))
            .json(&serde_json::json!({"kind": "status", "status": 500}))
            .send()
            .await
            .unwrap();
        // A fault in one simulator does not leak into another.
        let other = http
            .get(format!("{}/v1/domains", sims[1].url()))
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 401);
        for sim in sims {
            sim.shutdown().await;
        }
    })
    .await;
}

#[tokio::test]
async fn invalid_configurations_are_refused() {
    bounded(async {
        let no_domains = SimConfig {
            domains: 0,
            ..SimConfig::default()
        };
        assert!(matches!(
            vcf_sim::start(no_domains).await,
            Err(SimError::InvalidConfig(_))
        ));
        let stray = SimConfig {
            scenarios: BTreeMap::from([(5, Scenario::Alerts)]),
            ..SimConfig::default()
        };
        let error = vcf_sim::start(stray).await.unwrap_err();
        assert!(error.to_string().contains("domain 5"), "{error}");
        let too_many = SimConfig {
            domains: vcf_sim::MAX_DOMAINS + 1,
            ..SimConfig::default()
        };
        assert!(vcf_sim::start(too_many).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn a_taken_port_is_a_bind_error() {
    bounded(async {
        let first = vcf_sim::start(SimConfig::default()).await.unwrap();
        let taken = SimConfig {
            listen: first.local_addr(),
            ..SimConfig::default()
        };
        let error = vcf_sim::start(taken).await.unwrap_err();
        assert!(matches!(error, SimError::Bind { .. }), "{error:?}");
        assert!(error.to_string().contains(&first.local_addr().to_string()));
    })
    .await;
}

#[tokio::test]
async fn a_wildcard_listener_is_reached_through_loopback() {
    bounded(async {
        let sim = vcf_sim::start(SimConfig {
            listen: "0.0.0.0:0".parse().unwrap(),
            ..SimConfig::default()
        })
        .await
        .unwrap();
        assert!(sim.url().starts_with("http://127.0.0.1:"));
        let health = common::http_client()
            .get(format!("{}/sim/health", sim.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn many_domains_get_distinct_ids_and_names() {
    bounded(async {
        let api = common::Api::start(SimConfig {
            domains: 120,
            ..common::config(&[(120, Scenario::NoUpdate)])
        })
        .await;
        let (_, page) = api.get("/v1/domains").await;
        let elements = page["elements"].as_array().unwrap();
        assert_eq!(elements.len(), 120);
        assert_eq!(elements[119]["name"], "wld-119");
        assert_eq!(elements[119]["id"], "00000000-0000-4000-8000-000000000120");
        assert_eq!(
            api.future_release(&api.domain(120)).await["isApplicable"],
            false
        );
        let debug = format!("{:?}", api.sim);
        assert!(debug.contains("RunningSim") && debug.contains(api.sim.url()));
    })
    .await;
}

#[test]
fn scenarios_parse_from_their_kebab_case_names() {
    let names: Vec<String> = Scenario::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        [
            "happy",
            "no-update",
            "precheck-fail",
            "alerts",
            "flaky-download",
            "download-fails",
            "upgrade-fails",
            "outage"
        ]
    );
    for scenario in Scenario::ALL {
        assert_eq!(scenario.to_string().parse::<Scenario>().unwrap(), scenario);
    }
    assert!("no_update".parse::<Scenario>().is_err());
}

#[test]
fn the_default_configuration_is_as_documented() {
    let config = SimConfig::default();
    assert_eq!(config.listen.to_string(), "127.0.0.1:0");
    assert_eq!(config.domains, 4);
    assert!(config.scenarios.is_empty());
    assert_eq!(config.step, Duration::from_secs(3));
    assert_eq!(config.token_ttl, Duration::from_secs(3600));
    assert_eq!(config.username, "administrator@vsphere.local");
    assert_eq!(config.password, "VMware1!VMware1!");
    assert!(!config.tls);
    assert_eq!(config.outage_steps, 3);
}
