//! JSON models of SDDC Manager 5.2.1's lifecycle API (the `vcf52` dialect), named after the
//! schemas of VMware's OpenAPI document (`../shared/vcf/sddc-manager-api-5.2.1.json`).
//!
//! Requests carry only fields their schema declares and never `null` (a real server may refuse
//! an unknown field); answers tolerate unknown and missing fields, and status strings are kept
//! as strings (the spec enumerates none of them but `AssessmentOutput.status`).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::error::ServerError;
use super::wire::clamp_percent;

// --- Requests ---------------------------------------------------------------------------

/// `DomainRelease`: the body of `updateReleaseByDomainID`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainRelease<'a> {
    pub target_version: &'a str,
}

/// `BundleDownloadSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleDownloadSpec {
    pub download_now: bool,
}

/// `BundleUpdateSpec`: the body of `startBundleDownloadByID`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleUpdateSpec {
    pub bundle_download_spec: BundleDownloadSpec,
}

/// `CheckSetQueryResource`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryResource {
    pub resource_type: String,
    pub resource_target_version: String,
}

/// `CheckSetQueryDomainResources`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryDomainResources<'a> {
    pub domain_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<CheckSetQueryResource>>,
}

/// `CheckSetQueryInput`: the body of `queryCheckSets`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryInput<'a> {
    pub check_set_type: &'static str,
    pub domains: Vec<CheckSetQueryDomainResources<'a>>,
}

/// `DomainInfo` (sent) and `ResourceDomainInfo` (answered): the same three fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// `MANAGEMENT` or `VI`: the one real `enum` of the spec, so only those are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
}

/// `SelectedCheckSetCandidate`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SelectedCheckSet {
    pub check_set_id: String,
}

/// `CheckSetResourceSelection`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetResourceSelection {
    pub resource_name: String,
    pub resource_id: String,
    pub resource_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainInfo>,
    pub check_sets: Vec<SelectedCheckSet>,
}

/// `CheckSetRunInput`: the body of `triggerCheckRun`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetRunInput {
    pub query_id: String,
    pub resources: Vec<CheckSetResourceSelection>,
}

/// `EsxUpgradeFailureAction`. The schema requires all three fields; its description says the
/// figures should not be set with `FAIL`, so `FAIL` is sent with zeros.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EsxUpgradeFailureAction {
    pub action: &'static str,
    pub retry_count: u32,
    pub retry_delay: u32,
}

/// `EsxUpgradeOptionsSpec` (the non-deprecated home of quick boot and evacuation).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EsxUpgradeOptionsSpec {
    pub enable_quickboot: bool,
    pub evacuate_offline_vms: bool,
    pub enforce_hcl_validation: bool,
    pub esx_upgrade_failure_action: EsxUpgradeFailureAction,
    pub pre_remediation_power_action: &'static str,
}

/// `ResourceUpgradeSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResourceUpgradeSpec<'a> {
    pub resource_id: &'a str,
    pub upgrade_now: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esx_upgrade_options_spec: Option<EsxUpgradeOptionsSpec>,
    /// The vSphere Lifecycle Manager image an image-managed domain's hosts move to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personality_spec: Option<PersonalitySpec>,
}

/// `PersonalitySpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PersonalitySpec {
    pub personality_id: String,
}

/// `NsxtHostClusterUpgradeSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtHostClusterUpgradeSpec {
    pub host_cluster_id: String,
    pub live_upgrade: bool,
}

/// `NsxtEdgeClusterUpgradeSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtEdgeClusterUpgradeSpec {
    pub edge_cluster_id: String,
}

/// `NsxtUpgradeOptions`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtUpgradeOptions {
    pub is_edge_only_upgrade: bool,
    pub is_host_clusters_upgrade_parallel: bool,
    pub is_edge_clusters_upgrade_parallel: bool,
}

/// `NsxtUpgradeUserInputSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtUpgradeUserInputSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsxt_id: Option<String>,
    pub nsxt_host_cluster_upgrade_specs: Vec<NsxtHostClusterUpgradeSpec>,
    pub nsxt_edge_cluster_upgrade_specs: Vec<NsxtEdgeClusterUpgradeSpec>,
    pub nsxt_upgrade_options: NsxtUpgradeOptions,
}

/// `TemporaryNetwork`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TemporaryNetwork {
    pub network_mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_mask: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
}

/// `VcenterUpgradeUserInputSpec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VcenterUpgradeUserInputSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// Absent means SDDC Manager's default, the reduced downtime migration: the field "is only
    /// supported for vCenter patch upgrades", so it is sent only for `InPlace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_mechanism: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_switchover_timestamp: Option<String>,
    pub temporary_network: TemporaryNetwork,
}

/// `UpgradeSpec`: the body of `performUpgrade`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeSpec<'a> {
    pub bundle_id: &'a str,
    pub resource_type: &'static str,
    pub resource_upgrade_specs: Vec<ResourceUpgradeSpec<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsxt_upgrade_user_input_specs: Option<Vec<NsxtUpgradeUserInputSpec>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcenter_upgrade_user_input_specs: Option<Vec<VcenterUpgradeUserInputSpec>>,
}

// --- Answers ----------------------------------------------------------------------------

/// `IdRef`-like: anything with an `id`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct HasId {
    pub id: String,
}

/// `Domain`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Domain52 {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub vcenters: Vec<HasId>,
    /// `IMAGES` (vSphere Lifecycle Manager images) or `BASELINES`.
    #[serde(default)]
    pub lifecycle_management_mode: Option<String>,
}

/// `Release` (only its version matters here).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Release52 {
    pub version: String,
}

/// `ProductVersion`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProductVersion {
    pub name: String,
    pub version: String,
}

/// `PatchBundle`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatchBundle {
    pub bundle_id: String,
}

/// `DomainFutureRelease`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FutureRelease52 {
    pub version: String,
    #[serde(default)]
    pub applicability_status: Option<String>,
    #[serde(default)]
    pub min_compatible_vcf_version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub release_date: Option<String>,
    #[serde(default)]
    pub bom: Vec<ProductVersion>,
    #[serde(default)]
    pub patch_bundles: Vec<PatchBundle>,
}

/// `DomainReleaseView`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainReleaseView52 {
    #[serde(default)]
    pub target_version: Option<String>,
}

/// `Task`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Task52 {
    pub id: String,
    #[serde(default)]
    pub errors: Vec<ServerError>,
    #[serde(default)]
    pub is_retryable: Option<bool>,
}

/// `BundleComponent`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleComponent52 {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub from_version: Option<String>,
    #[serde(default)]
    pub to_version: Option<String>,
}

/// `Bundle`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bundle52 {
    pub id: String,
    #[serde(default, rename = "sizeMB")]
    pub size_mb: Option<f64>,
    #[serde(default)]
    pub download_status: Option<String>,
    #[serde(default)]
    pub components: Vec<BundleComponent52>,
}

/// `CheckSetCandidates`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetCandidate {
    pub check_set_id: String,
}

/// `CheckSetQueryResourceResult`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryResource {
    pub resource_name: String,
    pub resource_id: String,
    pub resource_type: String,
    #[serde(default)]
    pub domain: Option<DomainInfo>,
    #[serde(default)]
    pub check_sets: Vec<CheckSetCandidate>,
}

/// `CheckSetQueryResult`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryResult {
    pub query_id: String,
    #[serde(default)]
    pub resources: Vec<QueryResource>,
}

/// `Error` with its nested findings (a check run's `validationResult`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Finding {
    pub error_code: Option<String>,
    pub error_type: Option<String>,
    pub message: Option<String>,
    pub remediation_message: Option<String>,
    pub context: BTreeMap<String, Value>,
    pub nested_errors: Vec<Finding>,
}

/// `AssessmentOutput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentOutput {
    pub status: String,
    #[serde(default)]
    pub presented_artifacts_map: serde_json::Map<String, Value>,
    #[serde(default)]
    pub validation_result: Option<Finding>,
    /// Only informative: missing, `null` or not an object is `None`, never an error.
    #[serde(default, deserialize_with = "lenient")]
    pub discovery_progress: Option<DiscoveryProgress>,
}

/// `DiscoveryProgress`: how far a check run is (its `progressMessages` are not read).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct DiscoveryProgress {
    /// `percentageComplete`, clamped to 0–100; not a number is `None`.
    #[serde(deserialize_with = "lenient_percent")]
    pub percentage_complete: Option<u8>,
}

/// A value decoded when it can be, else `None`: for informative fields whose odd shape must
/// not fail the whole answer.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// A percentage (an `int32` in the spec, a float tolerated) clamped to 0–100; anything but a
/// finite number is `None`.
fn lenient_percent<'de, D>(deserializer: D) -> Result<Option<u8>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_f64().and_then(clamp_percent))
}

/// `AssessmentMetadata`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct AssessmentMetadata {
    pub target_version: Option<String>,
}

/// `AssessmentTaskInfo`: one element of `getLastAssessmentRunInfo`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentTaskInfo {
    pub id: String,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub metadata: AssessmentMetadata,
}

/// `Upgradable`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Upgradable {
    pub bundle_id: String,
    #[serde(default)]
    pub status: Option<String>,
}

/// `NsxtResources`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtResources {
    #[serde(default)]
    pub nsxt_host_clusters: Vec<HasId>,
    #[serde(default)]
    pub nsxt_edge_clusters: Vec<HasId>,
    #[serde(default)]
    pub nsxt_manager_cluster: Option<HasId>,
}

/// `ResourceUpgradeSpec` as answered.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeResource {
    pub resource_id: String,
}

/// `Upgrade`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Upgrade52 {
    pub id: String,
    #[serde(default)]
    pub bundle_id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub resource_upgrade_specs: Vec<UpgradeResource>,
}

/// The error and warning counts of a check run: `presentedArtifactsMap
/// ["validation-domain-summary"]`, an object in the schema and an array in field reports.
pub(crate) fn summary_counts(map: &serde_json::Map<String, Value>) -> (u32, u32) {
    let Some(summary) = map.get("validation-domain-summary") else {
        return (0, 0);
    };
    let summary = match summary {
        Value::Array(items) => items.first().cloned().unwrap_or_default(),
        other => other.clone(),
    };
    let count = |name: &str| {
        summary
            .get(name)
            .and_then(Value::as_u64)
            .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    (count("errorValidationsCount"), count("warningGapsCount"))
}

/// Dotted versions compared part by part as numbers (`5.10.0.0` > `5.9.1.0`); a part that is
/// not a number compares as text.
pub(crate) fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split(['.', '-'])
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_owned()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// `Domains` of `HealthSummaryScope`: a domain by name.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HealthSummaryDomain<'a> {
    pub domain_name: &'a str,
}

/// `HealthSummaryScope`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HealthSummaryScope<'a> {
    pub domains: Vec<HealthSummaryDomain<'a>>,
}

/// `HealthSummarySpec`: the body of `startHealthCheck` (no `healthChecks`: every area).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HealthSummarySpec<'a> {
    pub scope: HealthSummaryScope<'a>,
}

/// `HealthSummary`: a health summary task; `status` is the collection's (IN_PROGRESS,
/// PENDING, COMPLETED_WITH_SUCCESS, COMPLETED_WITH_FAILURE, as prose in the spec).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct HealthSummary52 {
    pub id: Option<String>,
    pub status: Option<String>,
    pub creation_timestamp: Option<String>,
    pub completion_timestamp: Option<String>,
    pub bundle_available: Option<String>,
    pub bundle_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_compare_numerically() {
        use std::cmp::Ordering::*;
        assert_eq!(version_cmp("5.2.1.0", "5.10.0.0"), Less);
        assert_eq!(version_cmp("5.2.1.0", "5.2.1.0"), Equal);
        assert_eq!(version_cmp("5.1.1.0", "5.0.0.0"), Greater);
    }

    #[test]
    fn summary_counts_read_both_shapes() {
        let object = json!({"validation-domain-summary":
            {"errorValidationsCount": 2, "warningGapsCount": 1}});
        let array = json!({"validation-domain-summary":
            [{"errorValidationsCount": 0, "warningGapsCount": 3}]});
        let map = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert_eq!(summary_counts(&map(object)), (2, 1));
        assert_eq!(summary_counts(&map(array)), (0, 3));
        assert_eq!(summary_counts(&map(json!({}))), (0, 0));
    }

    #[test]
    fn assessment_output_reads_the_discovery_progress() {
        let decode = |v: Value| serde_json::from_value::<AssessmentOutput>(v).ok();
        let percent = |v: Value| {
            decode(v).map(|output| {
                output
                    .discovery_progress
                    .and_then(|p| p.percentage_complete)
            })
        };
        // As in the spec, with an unknown field beside it.
        let output = decode(json!({
            "status": "IN_PROGRESS", "presentedArtifactsMap": {}, "unknownField": [1],
            "discoveryProgress": {"progressMessages": ["Running"], "percentageComplete": 50,
                                  "extra": true}}));
        assert_eq!(
            output.and_then(|o| o.discovery_progress.and_then(|p| p.percentage_complete)),
            Some(50)
        );
        assert_eq!(
            percent(json!({"status": "COMPLETED_WITH_SUCCESS",
                           "discoveryProgress": {"percentageComplete": 100}})),
            Some(Some(100))
        );
        // Missing, `null`, or without a percentage: no progress, and the answer still decodes.
        for progress in [
            json!(null),
            json!({}),
            json!({"progressMessages": ["Queued"]}),
            json!({"percentageComplete": null}),
        ] {
            assert_eq!(
                percent(json!({"status": "IN_PROGRESS", "discoveryProgress": progress})),
                Some(None),
                "{progress}"
            );
        }
        assert_eq!(percent(json!({"status": "IN_PROGRESS"})), Some(None));
        // Out of range: clamped.
        for (sent, read) in [
            (json!(250), 100),
            (json!(-5), 0),
            (json!(i64::MIN), 0),
            (json!(u64::MAX), 100),
            (json!(1e300), 100),
            (json!(49.6), 50),
            (json!(0), 0),
        ] {
            assert_eq!(
                percent(json!({"status": "IN_PROGRESS",
                               "discoveryProgress": {"percentageComplete": sent}})),
                Some(Some(read)),
                "{sent}"
            );
        }
        // Malformed: no progress, never an error.
        for progress in [
            json!({"percentageComplete": "fifty"}),
            json!({"percentageComplete": [50]}),
            json!({"percentageComplete": {"value": 50}}),
            json!({"percentageComplete": true}),
            json!("50%"),
            json!(50),
            json!([{"percentageComplete": 50}]),
        ] {
            assert_eq!(
                percent(json!({"status": "IN_PROGRESS", "discoveryProgress": progress})),
                Some(None),
                "{progress}"
            );
        }
    }

    #[test]
    fn requests_leave_out_what_is_not_set() {
        let spec = UpgradeSpec {
            bundle_id: "b",
            resource_type: "DOMAIN",
            resource_upgrade_specs: vec![ResourceUpgradeSpec {
                resource_id: "d",
                upgrade_now: true,
                esx_upgrade_options_spec: None,
                personality_spec: None,
            }],
            nsxt_upgrade_user_input_specs: None,
            vcenter_upgrade_user_input_specs: None,
        };
        assert_eq!(
            serde_json::to_value(&spec).ok(),
            Some(json!({"bundleId": "b", "resourceType": "DOMAIN",
                        "resourceUpgradeSpecs": [{"resourceId": "d", "upgradeNow": true}]}))
        );
    }
}

/// `Cluster` (what the estate view reads).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Cluster52 {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: Option<HasId>,
    #[serde(default)]
    pub primary_datastore_type: Option<String>,
    #[serde(default)]
    pub failures_to_tolerate: Option<u32>,
}

/// `Host` (what the estate view reads).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Host52 {
    pub id: String,
    #[serde(default)]
    pub fqdn: String,
    #[serde(default)]
    pub esxi_version: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub cpu: HostCpu52,
    #[serde(default)]
    pub memory: HostCapacity52,
    #[serde(default)]
    pub storage: HostCapacity52,
}

/// `Cpu` of a host: MHz.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HostCpu52 {
    #[serde(default, rename = "frequencyMHz")]
    pub frequency_mhz: f64,
    #[serde(default, rename = "usedFrequencyMHz")]
    pub used_frequency_mhz: f64,
}

/// `Memory` and `Storage` of a host: MB.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HostCapacity52 {
    #[serde(default, rename = "totalCapacityMB")]
    pub total_capacity_mb: f64,
    #[serde(default, rename = "usedCapacityMB")]
    pub used_capacity_mb: f64,
}

/// `Personality` (what choosing an ESX image reads).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Personality52 {
    pub personality_id: String,
    #[serde(default)]
    pub personality_name: String,
    #[serde(default)]
    pub version: Option<String>,
}
