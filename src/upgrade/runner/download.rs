//! Phase 3: download every bundle of the release, one at a time.

use crate::api::model::DownloadState;
use crate::api::UpgradeApi;

use super::{progress_quarter, Halt, Runner, Step};
use crate::upgrade::events::WorkflowEvent;
use crate::upgrade::state::WorkflowState;

impl<A: UpgradeApi> Runner<A> {
    pub(super) async fn download(&mut self) -> Step<()> {
        let release = self.release()?;
        let total = release.bundle_ids.len();
        if total == 0 {
            self.core
                .info(format!("VCF {} needs no bundle download", release.version));
        }
        for (index, bundle_id) in release.bundle_ids.iter().enumerate() {
            let done = self
                .core
                .read(|r| r.bundles.get(index).is_some_and(|b| b.done));
            if !done {
                self.download_bundle(index, total, bundle_id).await?;
            }
        }
        if total > 0 {
            self.core.info(format!(
                "All {total} bundle(s) of VCF {} downloaded",
                release.version
            ));
        }
        self.core.transition(WorkflowState::PrecheckRunning)?;
        Ok(())
    }

    /// Polls one bundle until it is downloaded, requesting the download when it is not running
    /// and again after a failure, up to the configured number of attempts.
    async fn download_bundle(&mut self, index: usize, total: usize, bundle_id: &str) -> Step<()> {
        let core = self.core.clone();
        let api = &*core.api;
        let max_attempts = core.config.download_attempts();
        let label = format!("bundle {}/{total} ({bundle_id})", index + 1);
        // Progress goes to the log book once per quarter (every change goes out as an event): a
        // bounded log book full of percentages would have lost the run's beginning.
        let mut logged_quarter: Option<u8> = None;
        loop {
            let status = self
                .call(&format!("Reading the status of {label}"), move || {
                    api.bundle_status(bundle_id)
                })
                .await?;
            let attempts = core.update(|r| {
                r.bundles.get_mut(index).map_or(0, |b| {
                    b.state = Some(status.state);
                    b.progress_percent = status.progress_percent;
                    b.attempts
                })
            });
            match status.state {
                DownloadState::Succeeded => {
                    core.update(|r| {
                        if let Some(b) = r.bundles.get_mut(index) {
                            b.done = true;
                            b.progress_percent = Some(100);
                        }
                    });
                    self.bundle_progress(bundle_id, Some(100));
                    core.info(if attempts == 0 {
                        format!("The {label} is already downloaded")
                    } else {
                        format!("Downloaded {label}")
                    });
                    return Ok(());
                }
                DownloadState::Recalled => {
                    let reason = status.error.as_ref().map_or_else(
                        || "SDDC Manager gave no reason".to_owned(),
                        ToString::to_string,
                    );
                    return Err(Halt::Failed(format!(
                        "The {label} was recalled and cannot be downloaded: {reason}"
                    )));
                }
                DownloadState::Failed if attempts > 0 => {
                    let reason = status.error.as_ref().map_or_else(
                        || "SDDC Manager gave no reason".to_owned(),
                        ToString::to_string,
                    );
                    if attempts >= max_attempts {
                        return Err(Halt::Failed(format!(
                            "Download of {label} failed after {attempts} attempts: {reason}"
                        )));
                    }
                    core.warning(format!(
                        "Download of {label} failed (attempt {attempts} of {max_attempts}): \
                         {reason}; retrying"
                    ));
                    self.request_download(&label, bundle_id, index, attempts + 1, max_attempts)
                        .await?;
                    logged_quarter = None;
                }
                // Never requested, or a failure left over from an earlier run: this run's
                // first attempt.
                DownloadState::Failed | DownloadState::NotRequested if attempts == 0 => {
                    self.request_download(&label, bundle_id, index, 1, max_attempts)
                        .await?;
                }
                // (`Failed` with attempts was handled above.)
                DownloadState::Failed | DownloadState::NotRequested => {
                    // Requested, yet SDDC Manager does not know: the request did not register.
                    // It is idempotent, so send it again without counting an attempt.
                    self.call(&format!("Requesting the download of {label}"), move || {
                        api.request_bundle_download(bundle_id)
                    })
                    .await?;
                }
                DownloadState::Scheduled | DownloadState::InProgress => {
                    let percent = status.progress_percent;
                    self.bundle_progress(bundle_id, percent);
                    let quarter = percent.map(progress_quarter);
                    if quarter.is_some() && quarter > logged_quarter {
                        logged_quarter = quarter;
                        if let Some(p) = percent.filter(|p| *p > 0 && *p < 100) {
                            core.info(format!("Downloading {label}: {p}%"));
                        }
                    }
                }
            }
            self.pause(core.config.download_poll_interval).await?;
        }
    }

    async fn request_download(
        &mut self,
        label: &str,
        bundle_id: &str,
        index: usize,
        attempt: u32,
        max_attempts: u32,
    ) -> Step<()> {
        let core = self.core.clone();
        let api = &*core.api;
        self.call(&format!("Requesting the download of {label}"), move || {
            api.request_bundle_download(bundle_id)
        })
        .await?;
        // Counted once SDDC Manager accepted it: a request lost to a stop is not an attempt.
        core.update(|r| {
            if let Some(b) = r.bundles.get_mut(index) {
                b.attempts = attempt;
                b.progress_percent = Some(0);
            }
        });
        core.info(if attempt == 1 {
            format!("Downloading {label}")
        } else {
            format!("Downloading {label}, attempt {attempt} of {max_attempts}")
        });
        Ok(())
    }

    fn bundle_progress(&self, bundle_id: &str, percent: Option<u8>) {
        self.core.emit(WorkflowEvent::Progress {
            domain_id: self.core.domain_id(),
            state: WorkflowState::DownloadingBundle,
            percent,
            component: Some(bundle_id.to_owned()),
        });
    }
}
