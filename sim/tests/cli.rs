//! The `vcf-sim` binary: flags, the URL on the first stdout line, signals.

mod common;

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use common::{bounded, PASSWORD, USERNAME};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A running `vcf-sim` process, killed when dropped so a failing test leaks nothing.
struct SimProcess {
    child: Option<Child>,
    stdout: Option<BufReader<ChildStdout>>,
}

impl SimProcess {
    /// Spawns the binary and waits for the URL on its first stdout line.
    async fn spawn(args: &[&str]) -> (SimProcess, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vcf-sim"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vcf-sim starts");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut process = SimProcess {
            child: Some(child),
            stdout: Some(stdout),
        };
        let mut reader = process.stdout.take().expect("stdout");
        let (reader, line) = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            reader.read_line(&mut line).expect("first line");
            (reader, line)
        })
        .await
        .expect("reader");
        process.stdout = Some(reader);
        (process, line.trim_end().to_owned())
    }

    /// Sends SIGTERM and waits for the exit; returns whether it exited successfully and the
    /// rest of stdout.
    async fn terminate(mut self) -> (bool, String) {
        let mut child = self.child.take().expect("running");
        let pid = child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let mut stdout = self.stdout.take().expect("stdout");
        tokio::task::spawn_blocking(move || {
            let status = child.wait().expect("exit status");
            let mut rest = String::new();
            stdout.read_to_string(&mut rest).expect("rest of stdout");
            (status.success(), rest)
        })
        .await
        .expect("waiter")
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs the binary to completion (for argument errors); returns exit code, stdout, stderr.
async fn run_to_end(args: &'static [&'static str]) -> (Option<i32>, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_vcf-sim"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("vcf-sim runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("runner")
}

fn is_base_url(line: &str, scheme: &str) -> bool {
    line.strip_prefix(&format!("{scheme}://127.0.0.1:"))
        .and_then(|port| port.parse::<u16>().ok())
        .is_some_and(|port| port > 0)
}

#[tokio::test]
async fn the_binary_prints_its_url_and_serves_until_sigterm() {
    bounded(async {
        let (process, url) = SimProcess::spawn(&[
            "--listen",
            "127.0.0.1:0",
            "--domains",
            "3",
            "--scenario",
            "2=alerts",
            "--scenario",
            "3=no-update",
            "--step-ms",
            "10",
            "--token-ttl",
            "60",
            "--username",
            "ops@vcf.local",
            "--password",
            "pw",
            "--outage-steps",
            "2",
        ])
        .await;
        assert!(is_base_url(&url, "http"), "first line: {url:?}");

        let http = common::http_client();
        let health = http.get(format!("{url}/sim/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let login = http
            .post(format!("{url}/v1/tokens"))
            .json(&json!({"username": "ops@vcf.local", "password": "pw"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let tokens: Value = login.json().await.unwrap();
        let claims = tokens["accessToken"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(!claims.is_empty());
        let refused = http
            .post(format!("{url}/v1/tokens"))
            .json(&json!({"username": USERNAME, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let domains: Value = http
            .get(format!("{url}/sim/domains"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let scenarios: Vec<&str> = domains["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|domain| domain["scenario"].as_str().unwrap())
            .collect();
        assert_eq!(scenarios, ["happy", "alerts", "no-update"]);

        let (success, rest_of_stdout) = process.terminate().await;
        assert!(success, "vcf-sim exits cleanly on SIGTERM");
        assert_eq!(rest_of_stdout, "", "stdout carries only the URL");
        assert!(http.get(format!("{url}/sim/health")).send().await.is_err());
    })
    .await;
}

#[tokio::test]
async fn the_binary_serves_https_and_writes_its_ca() {
    bounded(async {
        let ca_path: PathBuf = std::env::temp_dir().join(format!(
            "vcf-sim-test-ca-{}-{}.pem",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let ca_arg = ca_path.to_str().unwrap().to_owned();
        let (process, url) = SimProcess::spawn(&["--tls", "--ca-out", &ca_arg]).await;
        assert!(is_base_url(&url, "https"), "first line: {url:?}");
        let ca = std::fs::read(&ca_path).expect("the CA file exists once the URL is printed");
        let _ = std::fs::remove_file(&ca_path);
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
            .build()
            .unwrap();
        let health = client
            .get(format!("{url}/sim/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        drop(process);
    })
    .await;
}

#[tokio::test]
async fn bad_arguments_exit_with_an_error_and_print_no_url() {
    bounded(async {
        for args in [
            &["--scenario", "2=sunny"][..],
            &["--scenario", "two=alerts"][..],
            &["--step-ms", "soon"][..],
            &["--ca-out", "/tmp/x.pem"][..],
            &["--scenario", "2=alerts", "--scenario", "2=happy"][..],
        ] {
            let (code, stdout, stderr) = run_to_end(args).await;
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert_eq!(stdout, "", "{args:?}");
            assert!(!stderr.is_empty());
        }
        let (code, stdout, stderr) = run_to_end(&["--domains", "0"]).await;
        assert_eq!(code, Some(1));
        assert_eq!(stdout, "");
        assert!(stderr.contains("invalid configuration"), "{stderr}");
        let (code, stdout, _) = run_to_end(&["--scenario", "9=alerts"]).await;
        assert_eq!(code, Some(1));
        assert_eq!(stdout, "");
    })
    .await;
}

#[tokio::test]
async fn help_lists_every_flag() {
    bounded(async {
        let (code, stdout, _) = run_to_end(&["--help"]).await;
        assert_eq!(code, Some(0));
        for flag in [
            "--listen",
            "--domains",
            "--scenario",
            "--step-ms",
            "--token-ttl",
            "--username",
            "--password",
            "--outage-steps",
            "--tls",
            "--ca-out",
            "--log-level",
            "--dialect",
            "--upgrade-order",
        ] {
            assert!(stdout.contains(flag), "--help does not mention {flag}");
        }
        assert!(
            stdout.contains("VMware1!VMware1!"),
            "the default password is shown"
        );
    })
    .await;
}

#[tokio::test]
async fn the_binary_speaks_vcf52_when_asked() {
    bounded(async {
        let (process, url) = SimProcess::spawn(&[
            "--dialect",
            "vcf52",
            "--scenario",
            "2=vcenter-401",
            "--upgrade-order",
            "ESX_HOST,NSX_T_MANAGER,VCENTER",
        ])
        .await;
        let http = common::http_client();
        let login = http
            .post(format!("{url}/v1/tokens"))
            .json(&json!({"username": USERNAME, "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(login.status(), StatusCode::CREATED);
        let token: Value = login.json().await.expect("json");
        let token = token["accessToken"].as_str().expect("token").to_owned();
        let future: Value = http
            .get(format!(
                "{url}/v1/releases/domains/00000000-0000-4000-8000-000000000002/future-releases"
            ))
            .bearer_auth(&token)
            .send()
            .await
            .expect("future releases")
            .json()
            .await
            .expect("json");
        assert_eq!(
            future["elements"][0]["upgradeOrder"],
            "ESX_HOST,NSX_T_MANAGER,VCENTER"
        );
        let precheck = http
            .post(format!(
                "{url}/v1/domains/00000000-0000-4000-8000-000000000002/upgrades/precheck"
            ))
            .bearer_auth(&token)
            .json(&json!({"releaseId": "5.2.1.0"}))
            .send()
            .await
            .expect("precheck");
        assert_eq!(precheck.status(), StatusCode::NOT_FOUND);
        let (success, _) = process.terminate().await;
        assert!(success);

        for args in [
            &["--dialect", "vcf99"][..],
            &["--scenario", "2=vcenter-401"][..],
            &["--dialect", "vcf52", "--scenario", "2=alerts"][..],
        ] {
            let (code, stdout, stderr) = run_to_end(args).await;
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert_eq!(stdout, "");
        }
        let (code, _, stderr) =
            run_to_end(&["--dialect", "vcf52", "--upgrade-order", "ESX_HOST"]).await;
        assert_eq!(code, Some(1), "{stderr}");
        let (code, _, stderr) =
            run_to_end(&["--upgrade-order", "ESX_HOST,VCENTER,NSX_T_MANAGER"]).await;
        assert_eq!(code, Some(1), "{stderr}");
    })
    .await;
}
