//! The simulator's own cost per request, in both dialects, for `docs/benchmarks.md`.
//!
//! ```sh
//! cargo run --release -p vcf-sim --example bench_requests
//! ```
//!
//! One in-process simulator per dialect (4 domains, steps of 0 ms), one keep-alive HTTP/1.1
//! client on loopback, requests sent one after the other: for each call, 300 warm-up requests
//! then 3000 timed ones; it prints the median and the 99th percentile round trip per call,
//! and the median of the four common calls per dialect. The calls are the polls a client makes
//! in both dialects (same paths), plus one `vcf52` call with a request body (which the
//! `vcf52` front door reads and logs).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use vcf_sim::{Dialect, SimConfig};

const WARM_UP: usize = 300;
const TIMED: usize = 3000;
/// Rounds of both dialects.
const ROUNDS: usize = 4;
/// The first calls, which both dialects serve on the same paths.
const COMMON_CALLS: usize = 4;

struct Call {
    name: &'static str,
    method: reqwest::Method,
    path: String,
    body: Option<Value>,
}

fn get(name: &'static str, path: String) -> Call {
    Call {
        name,
        method: reqwest::Method::GET,
        path,
        body: None,
    }
}

async fn login(http: &reqwest::Client, url: &str) -> String {
    let answer: Value = http
        .post(format!("{url}/v1/tokens"))
        .json(&json!({"username": "administrator@vsphere.local", "password": "VMware1!VMware1!"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("token pair");
    answer["accessToken"].as_str().expect("token").to_owned()
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let last = sorted.len().saturating_sub(1);
    let index = ((last as f64) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

async fn bench(dialect: Dialect) -> Vec<(&'static str, Vec<Duration>)> {
    let sim = vcf_sim::start(SimConfig {
        dialect,
        step: Duration::ZERO,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let url = sim.url().to_owned();
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let token = login(&http, &url).await;
    let domain = sim.domain_id(2);
    let bundle = "00000000-0000-4000-a000-000000020002";
    let mut calls = vec![
        get("GET /v1/domains", String::from("/v1/domains")),
        get("GET /v1/domains/{id}", format!("/v1/domains/{domain}")),
        get(
            "GET future-releases",
            format!("/v1/releases/domains/{domain}/future-releases"),
        ),
        get("GET /v1/bundles/{id}", format!("/v1/bundles/{bundle}")),
    ];
    if dialect == Dialect::Vcf52 {
        calls.push(get(
            "GET /v1/upgradables/domains/{id}",
            format!("/v1/upgradables/domains/{domain}"),
        ));
        calls.push(Call {
            name: "POST /v1/system/check-sets/queries",
            method: reqwest::Method::POST,
            path: String::from("/v1/system/check-sets/queries"),
            body: Some(json!({"checkSetType": "UPGRADE", "domains": [{"domainId": domain}]})),
        });
    }
    let mut measured = Vec::new();
    for call in &calls {
        let mut times = Vec::with_capacity(TIMED);
        for round in 0..WARM_UP + TIMED {
            let mut request = http
                .request(call.method.clone(), format!("{url}{}", call.path))
                .bearer_auth(&token);
            if let Some(body) = &call.body {
                request = request.json(body);
            }
            let started = Instant::now();
            let response = request.send().await.expect("response");
            let status = response.status();
            let bytes = response.bytes().await.expect("body");
            let elapsed = started.elapsed();
            assert!(status.is_success(), "{} -> {status}: {bytes:?}", call.name);
            if round >= WARM_UP {
                times.push(elapsed);
            }
        }
        // The request log would otherwise grow through the whole run.
        http.delete(format!("{url}/sim/requests"))
            .send()
            .await
            .expect("clear log");
        measured.push((call.name, times));
    }
    sim.shutdown().await;
    measured
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

#[tokio::main]
async fn main() {
    // Rounds alternate which dialect goes first, so that a busy moment of the machine does not
    // land on one dialect only.
    let mut per_call: Vec<(Dialect, &'static str, Vec<Duration>)> = Vec::new();
    for round in 0..ROUNDS {
        let order = if round % 2 == 0 {
            [Dialect::Default, Dialect::Vcf52]
        } else {
            [Dialect::Vcf52, Dialect::Default]
        };
        for dialect in order {
            for (name, times) in bench(dialect).await {
                match per_call
                    .iter_mut()
                    .find(|(known, known_name, _)| *known == dialect && *known_name == name)
                {
                    Some((_, _, all)) => all.extend(times),
                    None => per_call.push((dialect, name, times)),
                }
            }
        }
    }
    for dialect in Dialect::ALL {
        println!("\n{dialect} dialect ({ROUNDS} rounds x {TIMED} requests per call)");
        println!("| call | median | p99 |");
        println!("|---|---|---|");
        let mut common = Vec::new();
        for (index, (_, name, times)) in per_call
            .iter_mut()
            .filter(|(known, _, _)| *known == dialect)
            .enumerate()
        {
            times.sort();
            println!(
                "| {name} | {:.1} µs | {:.1} µs |",
                micros(percentile(times, 0.5)),
                micros(percentile(times, 0.99))
            );
            if index < COMMON_CALLS {
                common.extend(times.iter().copied());
            }
        }
        common.sort();
        println!(
            "| **the four common calls** | **{:.1} µs** | {:.1} µs |",
            micros(percentile(&common, 0.5)),
            micros(percentile(&common, 0.99))
        );
    }
}
