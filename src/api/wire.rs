//! The JSON shapes of `docs/api.md`, and their translation into [`super::model`].
//!
//! Every response model tolerates unknown fields; fields the server may omit (or send as
//! `null`) are `Option`s or default to empty. Only fields the engine reads are declared: serde
//! skips the rest unchecked, so an unexpected type in a field nobody reads cannot fail a decode
//! (`docs/api.md` documents the full shapes). Enumerations stay strings here and are checked
//! when translated, so an unknown value is an `InvalidResponse`, never a panic.

use serde::{Deserialize, Deserializer, Serialize};

use super::error::ServerError;
use super::model::{
    Alert, BundleStatus, ComponentStatus, DownloadState, PrecheckStatus, Release, SddcManagerInfo,
    TaskState, UpgradeStatus, UpgradeTaskState, Validation,
};
use super::secret::Secret;

/// `null` read as the type's default (an empty list).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A percentage sent as an integer or a float, clamped to 0–100.
fn percent<'de, D>(deserializer: D) -> Result<Option<u8>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Option::<f64>::deserialize(deserializer)?;
    Ok(value.and_then(clamp_percent))
}

/// A server's percentage clamped to 0–100 and rounded; not a finite number is `None`.
pub(crate) fn clamp_percent(value: f64) -> Option<u8> {
    if !value.is_finite() {
        return None;
    }
    // Clamped to 0..=100 first, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let clamped = value.clamp(0.0, 100.0).round() as u8;
    Some(clamped)
}

// ---------------------------------------------------------------------------------------------
// Requests

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TokenCreationSpec<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TargetSpec<'a> {
    pub release_id: &'a str,
    pub operation: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleOperationSpec {
    pub operation: &'static str,
}

/// The body of both the precheck and the upgrade call.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReleaseRunSpec<'a> {
    pub release_id: &'a str,
    pub skip_known_host_check: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AcknowledgeSpec<'a> {
    pub upgrade_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_ids: Option<Vec<String>>,
}

// ---------------------------------------------------------------------------------------------
// Responses

/// `TokenPair`. Its `Debug` shows `***` for both tokens.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TokenPair {
    pub access_token: Secret,
    pub refresh_token: RefreshTokenRef,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RefreshTokenRef {
    pub id: Secret,
}

/// `PageOf*`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page<T> {
    pub elements: Vec<T>,
    #[serde(default)]
    pub page_metadata: Option<PageMetadata>,
}

impl<T> Page<T> {
    /// The elements, with a warning when the server says there are more pages (this contract
    /// returns everything on page 0).
    pub fn into_elements(self, path: &str) -> Vec<T> {
        if let Some(pages) = self
            .page_metadata
            .as_ref()
            .and_then(|meta| meta.total_pages)
        {
            if pages > 1 {
                log::warn!(
                    target: crate::log_targets::API,
                    "{path} has {pages} pages; only the first was read"
                );
            }
        }
        self.elements
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageMetadata {
    #[serde(default)]
    pub total_pages: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SddcManager {
    pub id: String,
    #[serde(default)]
    pub fqdn: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
}

impl SddcManager {
    pub fn into_model(self) -> SddcManagerInfo {
        SddcManagerInfo {
            id: self.id,
            fqdn: self.fqdn,
            version: self.version,
        }
    }
}

/// `Domain`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireDomain {
    pub id: String,
    pub name: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `DomainReleaseView`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainReleaseView {
    pub domain_id: String,
    #[serde(default)]
    pub current_version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatchBundle {
    pub bundle_id: String,
}

/// `DomainFutureRelease`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FutureRelease {
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub release_date: Option<String>,
    /// Absent means not applicable: only an explicit `true` makes a release a candidate.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_applicable: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub patch_bundles: Vec<PatchBundle>,
}

impl FutureRelease {
    pub fn into_model(self) -> Release {
        Release {
            id: self.version.clone(),
            version: self.version,
            description: self.description,
            release_date: self.release_date,
            bundle_ids: self
                .patch_bundles
                .into_iter()
                .map(|bundle| bundle.bundle_id)
                .collect(),
        }
    }
}

/// The next release of a domain: the first applicable one, in the server's (ascending) order.
pub(crate) fn next_release(releases: Vec<FutureRelease>) -> Option<Release> {
    releases
        .into_iter()
        .find(|release| release.is_applicable)
        .map(FutureRelease::into_model)
}

/// `Bundle`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireBundle {
    pub id: String,
    #[serde(default, rename = "sizeMB")]
    pub size_mb: Option<f64>,
    pub download_status: String,
    #[serde(default, deserialize_with = "percent")]
    pub download_progress_percent: Option<u8>,
    #[serde(default)]
    pub download_error: Option<ServerError>,
}

impl WireBundle {
    pub fn into_model(self) -> Result<BundleStatus, String> {
        let state = match self.download_status.as_str() {
            "PENDING" => DownloadState::NotRequested,
            "SCHEDULED" => DownloadState::Scheduled,
            "IN_PROGRESS" => DownloadState::InProgress,
            "SUCCESSFUL" => DownloadState::Succeeded,
            "FAILED" => DownloadState::Failed,
            other => return Err(unknown("downloadStatus", other)),
        };
        Ok(BundleStatus {
            id: self.id,
            state,
            progress_percent: self.download_progress_percent,
            size_mb: self.size_mb,
            error: self.download_error,
        })
    }
}

/// `Task` (the answer to a download request): checked to be an object; the download is followed
/// through the bundle, so none of its fields is read.
#[derive(Debug, Deserialize)]
pub(crate) struct Task {}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireValidation {
    pub name: String,
    #[serde(default)]
    pub resource_name: Option<String>,
    pub severity: String,
    pub status: String,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub remediation_message: Option<String>,
}

/// `Precheck`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WirePrecheck {
    pub id: String,
    #[serde(default)]
    pub release_id: Option<String>,
    pub status: String,
    #[serde(default)]
    pub error_validations_count: Option<u32>,
    #[serde(default)]
    pub warning_gaps_count: Option<u32>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub validations: Vec<WireValidation>,
}

impl WirePrecheck {
    pub fn into_model(self) -> Result<PrecheckStatus, String> {
        let state = match self.status.as_str() {
            "IN_PROGRESS" => TaskState::InProgress,
            "COMPLETED_WITH_SUCCESS" => TaskState::Succeeded,
            "COMPLETED_WITH_FAILURE" => TaskState::Failed,
            other => return Err(unknown("precheck status", other)),
        };
        let validations = self
            .validations
            .into_iter()
            .map(|validation| {
                let passed = match validation.status.as_str() {
                    "SUCCEEDED" => true,
                    "FAILED" => false,
                    other => return Err(unknown("validation status", other)),
                };
                Ok(Validation {
                    name: validation.name,
                    resource: validation.resource_name,
                    severity: validation.severity,
                    passed,
                    message: validation.message,
                    remediation: validation.remediation_message,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let count = |severity: &str| {
            let failed = validations
                .iter()
                .filter(|v| !v.passed && v.severity == severity)
                .count();
            u32::try_from(failed).unwrap_or(u32::MAX)
        };
        Ok(PrecheckStatus {
            id: self.id,
            release_id: self.release_id,
            state,
            error_count: self
                .error_validations_count
                .unwrap_or_else(|| count("ERROR")),
            warning_count: self.warning_gaps_count.unwrap_or_else(|| count("WARNING")),
            validations,
            // The contract's `Precheck` reports no progress.
            progress_percent: None,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireUpgradeComponent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub from_version: Option<String>,
    #[serde(default)]
    pub to_version: Option<String>,
    pub status: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireAlert {
    pub id: String,
    pub severity: String,
    #[serde(default)]
    pub component: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub message: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub acknowledged: bool,
}

/// `Upgrade`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireUpgrade {
    pub id: String,
    #[serde(default)]
    pub release_id: Option<String>,
    pub status: String,
    #[serde(default, deserialize_with = "percent")]
    pub progress_percent: Option<u8>,
    #[serde(default)]
    pub current_component: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub components: Vec<WireUpgradeComponent>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub alerts: Vec<WireAlert>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub errors: Vec<ServerError>,
}

impl WireUpgrade {
    pub fn into_model(self) -> Result<UpgradeStatus, String> {
        let state = match self.status.as_str() {
            "SCHEDULED" => UpgradeTaskState::Scheduled,
            "IN_PROGRESS" => UpgradeTaskState::InProgress,
            "WAITING_FOR_ACKNOWLEDGMENT" => UpgradeTaskState::WaitingForAcknowledgment,
            "COMPLETED_WITH_SUCCESS" => UpgradeTaskState::Succeeded,
            "COMPLETED_WITH_FAILURE" => UpgradeTaskState::Failed,
            other => return Err(unknown("upgrade status", other)),
        };
        let components = self
            .components
            .into_iter()
            .map(|component| {
                match component.status.as_str() {
                    "PENDING"
                    | "SCHEDULED"
                    | "IN_PROGRESS"
                    | "WAITING_FOR_ACKNOWLEDGMENT"
                    | "COMPLETED_WITH_SUCCESS"
                    | "COMPLETED_WITH_FAILURE" => {}
                    other => return Err(unknown("component status", other)),
                }
                Ok(ComponentStatus {
                    kind: component.kind,
                    from_version: component.from_version,
                    to_version: component.to_version,
                    status: component.status,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(UpgradeStatus {
            id: self.id,
            release_id: self.release_id,
            state,
            progress_percent: self.progress_percent,
            current_component: self.current_component,
            components,
            alerts: self
                .alerts
                .into_iter()
                .map(|alert| Alert {
                    id: alert.id,
                    severity: alert.severity,
                    component: alert.component,
                    message: alert.message,
                    acknowledged: alert.acknowledged,
                })
                .collect(),
            errors: self.errors,
            task_id: None,
            retryable: false,
        })
    }
}

fn unknown(what: &str, value: &str) -> String {
    let shown: String = value.chars().take(64).collect();
    format!("unknown {what} '{shown}'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode<T: for<'de> Deserialize<'de>>(value: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(value).map_err(|error| error.to_string())
    }

    #[test]
    fn token_pair_decodes_and_hides_its_tokens() {
        let pair: TokenPair = decode(json!({
            "accessToken": "eyJ.a.b", "refreshToken": {"id": "r-1", "extra": 1}, "more": true
        }))
        .expect("token pair");
        assert_eq!(pair.access_token.expose(), "eyJ.a.b");
        assert_eq!(pair.refresh_token.id.expose(), "r-1");
        let debug = format!("{pair:?}");
        assert!(!debug.contains("eyJ") && !debug.contains("r-1"), "{debug}");
    }

    #[test]
    fn pages_tolerate_unknown_fields_and_missing_metadata() {
        let page: Page<WireDomain> = decode(json!({
            "elements": [{"id": "d1", "name": "mgmt", "type": "MANAGEMENT", "status": "ACTIVE",
                          "clusters": [{"id": "c1"}], "isManagementSsoDomain": true},
                         {"id": "d2", "name": "vi", "type": null}],
            "somethingNew": {"x": 1}
        }))
        .expect("page");
        assert_eq!(page.elements.len(), 2);
        assert_eq!(page.elements[0].kind.as_deref(), Some("MANAGEMENT"));
        assert!(page.elements[1].kind.is_none() && page.elements[1].status.is_none());
        assert!(page.page_metadata.is_none());
    }

    #[test]
    fn unexpected_types_in_unread_fields_do_not_fail_a_decode() {
        let upgrade: WireUpgrade = decode(json!({
            "id": "u1", "status": "IN_PROGRESS", "domainId": 7, "startTime": [1],
            "endTime": {"at": 2}, "progressPercent": 40,
            "components": [{"type": "VCENTER", "status": "IN_PROGRESS", "startTime": false}],
            "alerts": [{"id": "a1", "severity": "WARNING", "raisedAt": 1700000000}]
        }))
        .expect("upgrade");
        assert_eq!(upgrade.progress_percent, Some(40));
        let releases: Vec<FutureRelease> = decode(json!([{
            "version": "5.2.1.0", "isApplicable": true, "product": {"name": "VCF"},
            "bom": "see the release notes", "applicabilityStatus": 1, "notApplicableReason": [],
            "patchBundles": [{"bundleId": "b1", "bundleType": 3}]
        }]))
        .expect("releases");
        assert_eq!(
            next_release(releases).map(|r| r.bundle_ids),
            Some(vec!["b1".to_owned()])
        );
        let bundle: WireBundle = decode(json!({
            "id": "b1", "downloadStatus": "PENDING", "type": 1, "version": 5.2,
            "description": null, "components": {"unexpected": true}
        }))
        .expect("bundle");
        assert_eq!(bundle.id, "b1");
        let precheck: WirePrecheck = decode(json!({
            "id": "p1", "status": "IN_PROGRESS", "domainId": false, "creationTimestamp": 5,
            "completionTimestamp": []
        }))
        .expect("precheck");
        assert_eq!(precheck.id, "p1");
        let page: Page<SddcManager> = decode(json!({
            "elements": [{"id": "s1", "ipAddress": 10, "domain": "mgmt"}],
            "pageMetadata": {"pageNumber": "0", "pageSize": null, "totalElements": "1"}
        }))
        .expect("page");
        assert_eq!(page.elements.len(), 1);
        let _: Task = decode(json!({"id": 1, "status": ["x"]})).expect("task");
    }

    #[test]
    fn wrong_types_and_missing_fields_fail_to_decode() {
        assert!(decode::<Page<WireDomain>>(json!({"elements": [{"id": 5, "name": "x"}]})).is_err());
        assert!(decode::<Page<WireDomain>>(json!({"elements": "none"})).is_err());
        assert!(decode::<Page<WireDomain>>(json!({"items": []})).is_err());
        assert!(decode::<Page<SddcManager>>(json!(["<html>"])).is_err());
        assert!(decode::<WireBundle>(json!({"id": "b", "downloadStatus": 3})).is_err());
        assert!(decode::<WireBundle>(
            json!({"id": "b", "downloadStatus": "FAILED", "downloadProgressPercent": "ten"})
        )
        .is_err());
        assert!(decode::<TokenPair>(json!({"accessToken": "x"})).is_err());
    }

    fn release(version: &str, applicable: Option<bool>) -> serde_json::Value {
        let mut value = json!({
            "product": "VCF", "version": version, "description": format!("VCF {version}"),
            "releaseDate": "2024-10-09", "applicabilityStatus": "APPLICABLE",
            "bom": [{"name": "SDDC_MANAGER", "version": "5.2.1.0-24307856"}],
            "patchBundles": [{"bundleId": format!("b-{version}-1"), "bundleType": "VMWARE_SOFTWARE"},
                             {"bundleId": format!("b-{version}-2")}]
        });
        if let Some(applicable) = applicable {
            value["isApplicable"] = json!(applicable);
        }
        value
    }

    #[test]
    fn next_release_is_the_first_applicable() {
        let page: Page<FutureRelease> = decode(json!({"elements": [
            release("5.1.1.0", Some(false)), release("5.2.0.0", None),
            release("5.2.1.0", Some(true)), release("5.2.2.0", Some(true))
        ]}))
        .expect("releases");
        let next = next_release(page.elements).expect("a next release");
        assert_eq!(next.id, "5.2.1.0");
        assert_eq!(next.version, "5.2.1.0");
        assert_eq!(next.bundle_ids, vec!["b-5.2.1.0-1", "b-5.2.1.0-2"]);
        assert_eq!(next.release_date.as_deref(), Some("2024-10-09"));

        let none: Page<FutureRelease> = decode(json!({"elements": [{
            "version": "5.2.1.0", "isApplicable": false, "notApplicableReason": "up to date",
            "bom": null, "patchBundles": null}]}))
        .expect("releases");
        assert!(next_release(none.elements).is_none());
    }

    #[test]
    fn bundle_states_map_and_unknown_ones_are_refused() {
        for (wire, state) in [
            ("PENDING", DownloadState::NotRequested),
            ("SCHEDULED", DownloadState::Scheduled),
            ("IN_PROGRESS", DownloadState::InProgress),
            ("SUCCESSFUL", DownloadState::Succeeded),
            ("FAILED", DownloadState::Failed),
        ] {
            let bundle: WireBundle = decode(json!({
                "id": "b1", "type": "VMWARE_SOFTWARE", "sizeMB": 2048.0,
                "downloadStatus": wire, "downloadProgressPercent": 40.4,
                "components": [{"type": "NSX_T_MANAGER", "fromVersion": "4.1", "toVersion": "4.2"}],
                "downloadError": null}))
            .expect("bundle");
            let model = bundle.into_model().expect("known state");
            assert_eq!(model.state, state);
            assert_eq!(model.progress_percent, Some(40));
            assert_eq!(model.size_mb, Some(2048.0));
        }
        let failed: WireBundle = decode(json!({
            "id": "b1", "downloadStatus": "FAILED", "downloadProgressPercent": 250,
            "downloadError": {"errorCode": "DOWNLOAD_FAILED", "message": "depot", "errorType": "ERROR"}}))
        .expect("bundle");
        let model = failed.into_model().expect("known");
        assert_eq!(model.progress_percent, Some(100));
        assert_eq!(
            model.error.and_then(|e| e.error_code).as_deref(),
            Some("DOWNLOAD_FAILED")
        );
        let strange: WireBundle =
            decode(json!({"id": "b1", "downloadStatus": "VALIDATING"})).expect("bundle");
        assert_eq!(
            strange.into_model().err().as_deref(),
            Some("unknown downloadStatus 'VALIDATING'")
        );
    }

    #[test]
    fn precheck_maps_validations_and_counts() {
        let precheck: WirePrecheck = decode(json!({
            "id": "p1", "domainId": "d1", "releaseId": "5.2.1.0",
            "status": "COMPLETED_WITH_FAILURE", "creationTimestamp": "2026-11-26T12:00:00.000Z",
            "completionTimestamp": null,
            "validations": [
                {"name": "ESXi host connectivity", "resourceName": "esx-01.vcf.sim",
                 "severity": "ERROR", "status": "FAILED", "message": "down",
                 "remediationMessage": "fix it"},
                {"name": "NTP", "severity": "WARNING", "status": "FAILED"},
                {"name": "DNS", "severity": "INFO", "status": "SUCCEEDED"}]}))
        .expect("precheck");
        let model = precheck.into_model().expect("known");
        assert_eq!(model.state, TaskState::Failed);
        assert_eq!((model.error_count, model.warning_count), (1, 1));
        assert_eq!(model.validations.len(), 3);
        assert!(!model.validations[0].passed && model.validations[2].passed);
        assert_eq!(
            model.validations[0].resource.as_deref(),
            Some("esx-01.vcf.sim")
        );

        let counted: WirePrecheck = decode(json!({
            "id": "p2", "status": "IN_PROGRESS", "errorValidationsCount": 0,
            "warningGapsCount": 2, "validations": null}))
        .expect("precheck");
        let model = counted.into_model().expect("known");
        assert_eq!(model.state, TaskState::InProgress);
        assert_eq!((model.error_count, model.warning_count), (0, 2));

        let odd: WirePrecheck = decode(json!({
            "id": "p3", "status": "COMPLETED_WITH_SUCCESS",
            "validations": [{"name": "x", "severity": "INFO", "status": "MAYBE"}]}))
        .expect("precheck");
        assert!(odd.into_model().is_err());
        let odd: WirePrecheck = decode(json!({"id": "p4", "status": "DONE"})).expect("precheck");
        assert!(odd.into_model().is_err());
    }

    #[test]
    fn upgrade_maps_states_components_and_alerts() {
        let upgrade: WireUpgrade = decode(json!({
            "id": "u1", "domainId": "d1", "releaseId": "5.2.1.0",
            "status": "WAITING_FOR_ACKNOWLEDGMENT", "progressPercent": 50,
            "currentComponent": null, "startTime": "2026-11-26T12:00:00.000Z", "endTime": null,
            "components": [
                {"type": "SDDC_MANAGER", "fromVersion": "5.1.1.0", "toVersion": "5.2.1.0",
                 "status": "COMPLETED_WITH_SUCCESS", "startTime": "t", "endTime": "t"},
                {"type": "ESX_HOST", "status": "PENDING"}],
            "alerts": [{"id": "a1", "severity": "WARNING", "component": "NSX_T_MANAGER",
                        "message": "check NSX", "raisedAt": "t", "acknowledged": false}],
            "errors": null, "brandNewField": [1, 2]}))
        .expect("upgrade");
        let model = upgrade.into_model().expect("known");
        assert_eq!(model.state, UpgradeTaskState::WaitingForAcknowledgment);
        assert_eq!(model.progress_percent, Some(50));
        assert_eq!(model.components.len(), 2);
        assert_eq!(model.components[1].status, "PENDING");
        assert_eq!(model.alerts[0].component.as_deref(), Some("NSX_T_MANAGER"));
        assert!(!model.alerts[0].acknowledged);
        assert!(model.errors.is_empty());

        for (wire, state) in [
            ("SCHEDULED", UpgradeTaskState::Scheduled),
            ("IN_PROGRESS", UpgradeTaskState::InProgress),
            ("COMPLETED_WITH_SUCCESS", UpgradeTaskState::Succeeded),
            ("COMPLETED_WITH_FAILURE", UpgradeTaskState::Failed),
        ] {
            let upgrade: WireUpgrade = decode(json!({"id": "u", "status": wire,
                "errors": [{"errorCode": "X", "message": "m"}]}))
            .expect("upgrade");
            let model = upgrade.into_model().expect("known");
            assert_eq!(model.state, state);
            assert_eq!(model.errors.len(), 1);
        }
        let odd: WireUpgrade = decode(json!({"id": "u", "status": "PAUSED"})).expect("upgrade");
        assert_eq!(
            odd.into_model().err().as_deref(),
            Some("unknown upgrade status 'PAUSED'")
        );
        let odd: WireUpgrade = decode(json!({"id": "u", "status": "IN_PROGRESS",
            "components": [{"type": "VCENTER", "status": "???"}]}))
        .expect("upgrade");
        assert!(odd.into_model().is_err());
    }

    #[test]
    fn request_bodies_are_camel_case() {
        let body = serde_json::to_value(ReleaseRunSpec {
            release_id: "5.2.1.0",
            skip_known_host_check: false,
        })
        .expect("json");
        assert_eq!(
            body,
            json!({"releaseId": "5.2.1.0", "skipKnownHostCheck": false})
        );
        let body = serde_json::to_value(TargetSpec {
            release_id: "5.2.1.0",
            operation: "TARGET",
        })
        .expect("json");
        assert_eq!(body, json!({"releaseId": "5.2.1.0", "operation": "TARGET"}));
        let body = serde_json::to_value(AcknowledgeSpec {
            upgrade_id: "u1",
            alert_ids: None,
        })
        .expect("json");
        assert_eq!(body, json!({"upgradeId": "u1"}));
    }
}
