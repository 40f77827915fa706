//! Non-idempotent calls (start precheck, start upgrade, acknowledge) are never sent twice
//! when the first may have reached the server, and are re-sent when it certainly did not.

mod client_support;

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use client_support::*;
use datacenter_assistant_core::api::model::{DownloadState, Release, TaskState};
use datacenter_assistant_core::api::{ApiError, ContractClient, UpgradeApi, UpgradeSettings};
use datacenter_assistant_core::clock::{Clock, Sleep, VirtualClock};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::AbortHandle;

/// Target the next release of `domain_id`, download its bundles and pass a precheck: the
/// domain is then ready for `start_upgrade`.
async fn ready_for_upgrade(client: &ContractClient, domain_id: &str) -> Release {
    let domain = client.domain(domain_id).await.expect("domain");
    let release = domain.next_release.expect("the domain has an update");
    client
        .target_release(domain_id, &release)
        .await
        .expect("target");
    for bundle in &release.bundle_ids {
        client
            .request_bundle_download(bundle)
            .await
            .expect("download");
        loop {
            let status = client.bundle_status(bundle).await.expect("bundle");
            match status.state {
                DownloadState::Succeeded => break,
                DownloadState::Failed => panic!("download failed: {status:?}"),
                _ => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        }
    }
    let precheck = client
        .start_precheck(domain_id, &release)
        .await
        .expect("precheck");
    loop {
        let status = client
            .precheck_status(domain_id, &precheck.id)
            .await
            .expect("precheck status");
        match status.state {
            TaskState::Succeeded => break,
            TaskState::Failed => panic!("precheck failed: {status:?}"),
            TaskState::InProgress => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
    release
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_upgrade_is_not_resent_after_a_timeout() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let domain = sim.domain_id(1);
        let (setup, _) = client_for(&sim);
        let release = ready_for_upgrade(&setup, &domain).await;

        let (mut config, clock) = config_for(sim.url());
        config.request_timeout = Duration::from_millis(300);
        let client = ContractClient::new(config).expect("client");
        client.login().await.expect("login");
        let path = format!("/v1/domains/{domain}/upgrades");
        control
            .fault(json!({"kind": "delay", "delayMs": 1500, "method": "POST",
                          "pathPrefix": path, "count": 1}))
            .await;
        control.clear_requests().await;
        let error = client
            .start_upgrade(
                &domain,
                &release,
                &whole_domain(&release),
                &UpgradeSettings::default(),
            )
            .await
            .expect_err("the answer comes too late");
        assert!(matches!(error, ApiError::Timeout { .. }), "{error}");
        assert_eq!(control.count("POST", &path).await, 1, "never sent twice");
        assert!(clock.sleeps().is_empty());

        // The caller's protocol: look at the server's state before sending again.
        tokio::time::sleep(Duration::from_millis(1600)).await;
        let found = client
            .find_upgrade(&domain, &release, &whole_domain(&release))
            .await
            .expect("find upgrade");
        let upgrade = match found {
            Some(upgrade) => upgrade,
            None => client
                .start_upgrade(
                    &domain,
                    &release,
                    &whole_domain(&release),
                    &UpgradeSettings::default(),
                )
                .await
                .expect("the first was never applied, so start it now"),
        };
        assert_eq!(upgrade.release_id.as_deref(), Some(release.id.as_str()));
        let again = client
            .find_upgrade(&domain, &release, &whole_domain(&release))
            .await
            .expect("find upgrade")
            .expect("an upgrade exists");
        assert_eq!(again.id, upgrade.id);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_precheck_is_not_resent_after_a_5xx() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let domain = sim.domain_id(1);
        let (client, clock) = client_for(&sim);
        let release = client
            .domain(&domain)
            .await
            .expect("domain")
            .next_release
            .expect("an update");
        let path = format!("/v1/domains/{domain}/upgrades/precheck");
        for status in [502u16, 503, 504] {
            control.clear_requests().await;
            control
                .fault(
                    json!({"kind": "status", "status": status, "retryAfterSeconds": 1,
                              "method": "POST", "pathPrefix": path, "count": 1}),
                )
                .await;
            let error = client
                .start_precheck(&domain, &release)
                .await
                .expect_err("server error");
            assert_eq!(error.status(), Some(status), "{error}");
            assert_eq!(control.count("POST", &path).await, 1, "{status}");
        }
        assert!(clock.sleeps().is_empty());
        sim.shutdown().await;
    })
    .await;
}

/// Acknowledging is idempotent: retried like a read after a lost connection and a 503, with
/// the server's Retry-After honoured; the request reaches the server's handler once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledge_is_retried_like_a_read() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let domain = sim.domain_id(1);
        let (client, clock) = client_for(&sim);
        client.login().await.expect("login");
        let path = format!("/v1/domains/{domain}/upgrades/acknowledge");
        control
            .fault(json!({"kind": "reset", "method": "POST", "pathPrefix": path, "count": 1}))
            .await;
        control
            .fault(
                json!({"kind": "status", "status": 503, "retryAfterSeconds": 7,
                          "method": "POST", "pathPrefix": path, "count": 1}),
            )
            .await;
        control.clear_requests().await;
        let error = client
            .acknowledge_alerts(&domain, "some-upgrade")
            .await
            .expect_err("no such upgrade");
        // The third attempt reached the simulator, which knows no such upgrade.
        assert!(matches!(error, ApiError::Http { .. }), "{error}");
        assert!(!error.is_unavailable(), "{error}");
        let sent: Vec<_> = control
            .requests()
            .await
            .into_iter()
            .filter(|r| r.method == "POST" && r.path == path)
            .collect();
        assert_eq!(sent.len(), 3, "{sent:?}");
        assert_eq!(
            sent.iter().filter(|r| r.fault.is_none()).count(),
            1,
            "{sent:?}"
        );
        assert_eq!(sleeps_ms(&clock), vec![1000, 7000]);
        sim.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_start_is_resent() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let domain = sim.domain_id(1);
        let (setup, _) = client_for(&sim);
        let release = ready_for_upgrade(&setup, &domain).await;
        let (client, clock) = client_for(&sim);
        let path = format!("/v1/domains/{domain}/upgrades");
        control
            .fault(
                json!({"kind": "status", "status": 429, "retryAfterSeconds": 2,
                          "method": "POST", "pathPrefix": path, "count": 1}),
            )
            .await;
        control.clear_requests().await;
        let upgrade = client
            .start_upgrade(
                &domain,
                &release,
                &whole_domain(&release),
                &UpgradeSettings::default(),
            )
            .await
            .expect("a 429 was refused by the server, so the call is sent again");
        assert_eq!(upgrade.release_id.as_deref(), Some(release.id.as_str()));
        assert_eq!(control.count("POST", &path).await, 2);
        assert_eq!(sleeps_ms(&clock), vec![2000]);
        sim.shutdown().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// A connect error: nothing reached the server, so the call is sent again.

type Hook = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// A virtual clock that runs a hook during the first sleep (to bring a server back while the
/// client waits to retry).
struct HookClock {
    inner: Arc<VirtualClock>,
    hook: Mutex<Option<Hook>>,
}

impl fmt::Debug for HookClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookClock").finish_non_exhaustive()
    }
}

impl Clock for HookClock {
    fn now(&self) -> SystemTime {
        self.inner.now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let virtual_sleep = self.inner.sleep(duration);
        let hook = self.hook.lock().ok().and_then(|mut hook| hook.take());
        Box::pin(async move {
            virtual_sleep.await;
            if let Some(hook) = hook {
                hook().await;
            }
        })
    }
}

/// A TCP forwarder from `listen` to `target` that can be switched off.
#[derive(Clone, Default)]
struct Proxy {
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(&self, listen: SocketAddr, target: SocketAddr) {
        let listener = TcpListener::bind(listen).await.expect("proxy bind");
        let tasks = self.tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let forward = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                if let Ok(mut list) = tasks.lock() {
                    list.push(forward.abort_handle());
                }
            }
        });
        self.tasks
            .lock()
            .expect("tasks")
            .push(accept.abort_handle());
    }

    fn stop(&self) {
        for task in self.tasks.lock().expect("tasks").drain(..) {
            task.abort();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_upgrade_is_resent_after_a_connect_error() {
    bounded(async {
        let sim = default_sim().await;
        let control = Control::new(&sim);
        let domain = sim.domain_id(1);
        let (setup, _) = client_for(&sim);
        let release = ready_for_upgrade(&setup, &domain).await;

        let listen = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
            probe.local_addr().expect("address")
        };
        let proxy = Proxy::default();
        proxy.start(listen, sim.local_addr()).await;

        let virtual_clock = VirtualClock::starting_at(SystemTime::now());
        let clock = Arc::new(HookClock {
            inner: virtual_clock.clone(),
            hook: Mutex::new(None),
        });
        let (mut config, _) = config_for(&format!("http://{listen}"));
        config.clock = clock.clone();
        let client = ContractClient::new(config).expect("client");
        client.login().await.expect("login through the proxy");

        // The server goes away; it comes back while the client waits to retry.
        proxy.stop();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let target = sim.local_addr();
        let restarted = proxy.clone();
        *clock.hook.lock().expect("hook") = Some(Box::new(move || {
            Box::pin(async move { restarted.start(listen, target).await })
        }));
        control.clear_requests().await;

        let upgrade = client
            .start_upgrade(
                &domain,
                &release,
                &whole_domain(&release),
                &UpgradeSettings::default(),
            )
            .await
            .expect("sent again once the connection could be made");
        assert_eq!(upgrade.release_id.as_deref(), Some(release.id.as_str()));
        let path = format!("/v1/domains/{domain}/upgrades");
        assert_eq!(
            control.count("POST", &path).await,
            1,
            "the server saw it once"
        );
        assert_eq!(
            virtual_clock.sleeps(),
            vec![Duration::from_secs(1)],
            "one retry after the refused connection"
        );
        proxy.stop();
        sim.shutdown().await;
    })
    .await;
}
