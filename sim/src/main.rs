//! `vcf-sim`: runs the SDDC Manager simulator until SIGINT or SIGTERM.
//!
//! The first line on stdout is the base URL (the readiness signal for scripts and tests);
//! logs go to stderr.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use vcf_sim::{Dialect, Scenario, SimConfig, UnknownFields, VcfVersion};

/// An SDDC Manager (VMware Cloud Foundation) simulator for the domain upgrade API.
#[derive(Debug, Parser)]
#[command(name = "vcf-sim", version, about, long_about = None)]
struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value_t = SimConfig::default().listen)]
    listen: SocketAddr,

    /// Number of domains; domain 1 is the management domain.
    #[arg(long, default_value_t = SimConfig::default().domains)]
    domains: usize,

    /// Scenario of a domain, 1-based (repeatable). default dialect: happy, no-update,
    /// precheck-fail, alerts, flaky-download, download-fails, upgrade-fails, outage; vcf52:
    /// happy, no-update, precheck-fail, precheck-warnings, flaky-download, download-fails,
    /// upgrade-fails, upgrade-fails-hard, outage, vcenter-401, inprogress, health-warnings,
    /// health-fails.
    #[arg(long = "scenario", value_name = "INDEX=NAME", value_parser = parse_scenario_assignment)]
    scenarios: Vec<(usize, String)>,

    /// The API to speak: default (docs/api.md) or vcf52 (real SDDC Manager 5.2.1).
    #[arg(long, value_name = "DIALECT", default_value_t = Dialect::Default)]
    dialect: Dialect,

    /// vcf52: the release's upgradeOrder, e.g. NSX_T_MANAGER,ESX_HOST,VCENTER.
    #[arg(long, value_name = "ORDER")]
    upgrade_order: Option<String>,

    /// vcf52: the SDDC Manager to play: 5.2.1, 9.0.2 or 9.1.0 (docs/simulator.md, "VCF 9.x").
    #[arg(long, value_name = "VERSION", default_value_t = VcfVersion::default())]
    vcf_version: VcfVersion,

    /// vcf52: refuse request fields the schema does not name with 400 (the default).
    #[arg(long, conflicts_with = "lenient_fields")]
    strict_fields: bool,

    /// vcf52: ignore request fields the schema does not name, as a real SDDC Manager does,
    /// and list them in the request log (ignoredFields).
    #[arg(long)]
    lenient_fields: bool,

    /// vcf52: answer as field reports say real servers do: createToken 200, isApplicable on
    /// future releases, validation-domain-summary as a list of one object.
    #[arg(long)]
    field_report: bool,

    /// vcf52: clusters per domain (1-16).
    #[arg(long, value_name = "N", default_value_t = SimConfig::default().clusters_per_domain)]
    clusters_per_domain: usize,

    /// vcf52: ESX hosts per cluster (1-64).
    #[arg(long, value_name = "N", default_value_t = SimConfig::default().hosts_per_cluster)]
    hosts_per_cluster: usize,

    /// Duration of one step (a download, a precheck, an upgrade component) in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = millis(SimConfig::default().step))]
    step_ms: u64,

    /// Lifetime of access tokens in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = SimConfig::default().token_ttl.as_secs())]
    token_ttl: u64,

    /// The username that can log in.
    #[arg(long, default_value_t = SimConfig::default().username)]
    username: String,

    /// Its password.
    #[arg(long, default_value_t = SimConfig::default().password)]
    password: String,

    /// Steps the `outage` scenario keeps the API away.
    #[arg(long, value_name = "STEPS", default_value_t = SimConfig::default().outage_steps)]
    outage_steps: u32,

    /// Serve HTTPS with a generated CA and a certificate for localhost/127.0.0.1.
    #[arg(long)]
    tls: bool,

    /// Write the CA certificate (PEM) to this file (with --tls).
    #[arg(long, value_name = "PATH", requires = "tls")]
    ca_out: Option<PathBuf>,

    /// Log level on stderr: off, error, warn, info, debug, trace.
    #[arg(long, value_name = "LEVEL", default_value_t = log::LevelFilter::Info, value_parser = parse_log_level)]
    log_level: log::LevelFilter,
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn parse_log_level(text: &str) -> Result<log::LevelFilter, String> {
    text.parse()
        .map_err(|_| format!("'{text}' is not a log level (off, error, warn, info, debug, trace)"))
}

/// Parses `INDEX=NAME`, e.g. `2=alerts`; the name must be a scenario of some dialect (which
/// dialect is checked once all flags are read).
fn parse_scenario_assignment(text: &str) -> Result<(usize, String), String> {
    let (index, name) = text
        .split_once('=')
        .ok_or_else(|| format!("expected INDEX=NAME (e.g. 2=alerts), got '{text}'"))?;
    let index: usize = index
        .trim()
        .parse()
        .map_err(|_| format!("'{index}' is not a domain index (1, 2, ...)"))?;
    let name = name.trim();
    Dialect::ALL
        .into_iter()
        .find_map(|dialect| Scenario::parse_in(dialect, name).ok())
        .ok_or_else(|| {
            let mut error = String::new();
            for dialect in Dialect::ALL {
                if let Err(unknown) = Scenario::parse_in(dialect, name) {
                    error = unknown.to_string();
                }
            }
            error
        })?;
    Ok((index, name.to_owned()))
}

impl Cli {
    fn into_config(self) -> Result<SimConfig, String> {
        let mut scenarios = BTreeMap::new();
        for (index, name) in self.scenarios {
            let scenario = Scenario::parse_in(self.dialect, &name).map_err(|error| {
                format!("domain {index}: {error} in the {} dialect", self.dialect)
            })?;
            if let Some(previous) = scenarios.insert(index, scenario) {
                return Err(format!(
                    "domain {index} is given two scenarios ({previous} and {scenario})"
                ));
            }
        }
        Ok(SimConfig {
            listen: self.listen,
            domains: self.domains,
            scenarios,
            step: Duration::from_millis(self.step_ms),
            token_ttl: Duration::from_secs(self.token_ttl),
            username: self.username,
            password: self.password,
            tls: self.tls,
            outage_steps: self.outage_steps,
            dialect: self.dialect,
            upgrade_order: self.upgrade_order,
            clusters_per_domain: self.clusters_per_domain,
            hosts_per_cluster: self.hosts_per_cluster,
            vcf_version: self.vcf_version,
            unknown_fields: if self.lenient_fields && !self.strict_fields {
                UnknownFields::Ignore
            } else {
                UnknownFields::Refuse
            },
            field_report: self.field_report,
        })
    }
}

/// Writes log records to stderr: the simulator's own at the chosen level, other crates'
/// only when they warn (hyper and rustls are chatty at debug).
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("vcf_sim") || metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!(
                "[{:<5} {}] {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(cli.log_level);
    }
    let ca_out = cli.ca_out.clone();
    let config = match cli.into_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("vcf-sim: {message}");
            return ExitCode::from(2);
        }
    };
    let sim = match vcf_sim::start(config).await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("vcf-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The CA file must exist before the URL line announces readiness.
    if let (Some(path), Some(pem)) = (ca_out, sim.ca_pem()) {
        if let Err(error) = std::fs::write(&path, pem) {
            eprintln!(
                "vcf-sim: cannot write the CA to {}: {error}",
                path.display()
            );
            sim.shutdown().await;
            return ExitCode::FAILURE;
        }
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{}", sim.url()).and_then(|()| stdout.flush()) {
        log::warn!("cannot print the URL on stdout: {error}");
    }
    drop(stdout);

    wait_for_stop_signal().await;
    log::info!("stopping");
    sim.shutdown().await;
    ExitCode::SUCCESS
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn wait_for_stop_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            log::warn!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(error) => {
                log::warn!("cannot listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults_match_the_library() {
        let config = Cli::parse_from(["vcf-sim"]).into_config().unwrap();
        assert_eq!(config, SimConfig::default());
    }

    #[test]
    fn scenarios_are_parsed_and_duplicates_refused() {
        let config = Cli::parse_from([
            "vcf-sim",
            "--scenario",
            "2=alerts",
            "--scenario",
            "3=outage",
            "--step-ms",
            "10",
        ])
        .into_config()
        .unwrap();
        assert_eq!(config.scenarios.get(&2), Some(&Scenario::Alerts));
        assert_eq!(config.scenarios.get(&3), Some(&Scenario::Outage));
        assert_eq!(config.step, Duration::from_millis(10));

        assert!(
            Cli::parse_from(["vcf-sim", "--scenario", "2=alerts", "--scenario", "2=happy"])
                .into_config()
                .is_err()
        );
        assert!(parse_scenario_assignment("alerts").is_err());
        assert!(parse_scenario_assignment("x=alerts").is_err());
        assert!(parse_scenario_assignment("2=sunny").is_err());
        assert!(Cli::try_parse_from(["vcf-sim", "--ca-out", "ca.pem"]).is_err());

        let vcf52 = Cli::parse_from([
            "vcf-sim",
            "--dialect",
            "vcf52",
            "--scenario",
            "2=vcenter-401",
            "--upgrade-order",
            "ESX_HOST,VCENTER,NSX_T_MANAGER",
            "--clusters-per-domain",
            "2",
            "--hosts-per-cluster",
            "3",
        ])
        .into_config()
        .unwrap();
        assert_eq!(vcf52.dialect, Dialect::Vcf52);
        assert_eq!((vcf52.clusters_per_domain, vcf52.hosts_per_cluster), (2, 3));
        assert_eq!(vcf52.scenarios.get(&2), Some(&Scenario::Vcenter401));
        assert!(Cli::parse_from(["vcf-sim", "--scenario", "2=vcenter-401"])
            .into_config()
            .is_err());
        assert!(
            Cli::parse_from(["vcf-sim", "--dialect", "vcf52", "--scenario", "2=alerts"])
                .into_config()
                .is_err()
        );
        assert!(Cli::try_parse_from(["vcf-sim", "--dialect", "vcf99"]).is_err());

        let vcf9 = Cli::parse_from([
            "vcf-sim",
            "--dialect",
            "vcf52",
            "--vcf-version",
            "9.1.0",
            "--lenient-fields",
            "--field-report",
        ])
        .into_config()
        .unwrap();
        assert_eq!(vcf9.vcf_version, VcfVersion::V9_1_0);
        assert_eq!(vcf9.unknown_fields, UnknownFields::Ignore);
        assert!(vcf9.field_report);
        let strict = Cli::parse_from(["vcf-sim", "--dialect", "vcf52", "--strict-fields"])
            .into_config()
            .unwrap();
        assert_eq!(strict.unknown_fields, UnknownFields::Refuse);
        assert!(Cli::try_parse_from(["vcf-sim", "--strict-fields", "--lenient-fields"]).is_err());
        assert!(Cli::try_parse_from(["vcf-sim", "--vcf-version", "9.2.0"]).is_err());
    }
}
