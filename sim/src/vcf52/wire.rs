//! JSON bodies of the `vcf52` dialect, named after the schemas of VMware's SDDC Manager 5.2.1
//! OpenAPI document.
//!
//! Requests are closed: every struct refuses fields its schema does not name, a field of the
//! wrong type, a missing required field, and `null` where the schema does not say `nullable`
//! (no request schema the simulator reads does). Responses leave out what they do not know
//! rather than sending `null`, which no response schema allows either.
//!
//! Fields only SDDC Manager 9.1 declares are listed apart (the third block of
//! `closed_spec!`): on an older version they are unknown fields like any other. [`Closed`]
//! finds a body's unknown fields before it is parsed, so that they can be ignored and logged
//! (`--lenient-fields`) instead of refused.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// What a scan of a request body for unknown fields found.
#[derive(Debug, Default)]
pub(crate) struct FieldScan {
    /// Whether the fields of 9.1 are known.
    pub(crate) accepts_9_1: bool,
    /// Whether to drop the unknown fields from the body.
    pub(crate) remove: bool,
    /// The JSON paths of the unknown fields, in body order.
    pub(crate) unknown: Vec<String>,
}

/// A request schema whose unknown fields can be listed (and dropped).
pub(crate) trait Closed {
    /// Scans `value` (the schema's JSON at `path`) for fields the schema does not name.
    fn scan(_value: &mut Value, _path: &str, _scan: &mut FieldScan) {}
}

impl Closed for String {}
impl Closed for bool {}
impl Closed for i64 {}

impl<T: Closed> Closed for Vec<T> {
    fn scan(value: &mut Value, path: &str, scan: &mut FieldScan) {
        if let Value::Array(items) = value {
            for (index, item) in items.iter_mut().enumerate() {
                T::scan(item, &format!("{path}[{index}]"), scan);
            }
        }
    }
}

/// serde's `camelCase` of a Rust field name (a raw identifier loses its `r#`).
fn camel_case(snake: &str) -> String {
    let snake = snake.strip_prefix("r#").unwrap_or(snake);
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for character in snake.chars() {
        if character == '_' {
            upper = true;
        } else if upper {
            out.extend(character.to_uppercase());
            upper = false;
        } else {
            out.push(character);
        }
    }
    out
}

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `deserialize_with` for optional fields: absent is `None`, present must be a `T` (so an
/// explicit `null` is a type error, as the schema says).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// A closed request schema: `{ required fields } { optional fields } { optional fields of
/// 9.1 }` (the last block may be left out).
macro_rules! closed_spec {
    (
        $(#[$meta:meta])*
        $name:ident { $($required:ident : $required_type:ty),* $(,)? }
        { $($optional:ident : $optional_type:ty),* $(,)? }
        $({ $($later:ident : $later_type:ty),* $(,)? })?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Deserialize, Serialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub(crate) struct $name {
            $(pub(crate) $required: $required_type,)*
            $(
                #[serde(
                    default,
                    deserialize_with = "present",
                    skip_serializing_if = "Option::is_none"
                )]
                pub(crate) $optional: Option<$optional_type>,
            )*
            $($(
                #[serde(
                    default,
                    deserialize_with = "present",
                    skip_serializing_if = "Option::is_none"
                )]
                pub(crate) $later: Option<$later_type>,
            )*)?
        }

        impl Closed for $name {
            fn scan(value: &mut Value, path: &str, scan: &mut FieldScan) {
                let Value::Object(map) = value else {
                    return;
                };
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    let child = child_path(path, &key);
                    let Some(inner) = map.get_mut(&key) else {
                        continue;
                    };
                    $(
                        if key == camel_case(stringify!($required)) {
                            <$required_type as Closed>::scan(inner, &child, scan);
                            continue;
                        }
                    )*
                    $(
                        if key == camel_case(stringify!($optional)) {
                            <$optional_type as Closed>::scan(inner, &child, scan);
                            continue;
                        }
                    )*
                    $($(
                        if scan.accepts_9_1 && key == camel_case(stringify!($later)) {
                            <$later_type as Closed>::scan(inner, &child, scan);
                            continue;
                        }
                    )*)?
                    scan.unknown.push(child);
                    if scan.remove {
                        map.remove(&key);
                    }
                }
            }
        }
    };
}

closed_spec! {
    /// `TokenCreationSpec`.
    TokenCreationSpec {} {
        username: String,
        password: String,
        api_key: String,
        id_token: String,
    }
}

closed_spec! {
    /// `TargetProductVersion`.
    TargetProductVersion { product_type: String, version: String } {}
}

closed_spec! {
    /// `DomainRelease`: the body of `updateReleaseByDomainID` and `validateReleaseByDomainID`.
    DomainRelease {} {
        target_version: String,
        target_vx_rail_version: String,
        target_sddc_manager_version: String,
        patches: Vec<TargetProductVersion>,
    }
}

closed_spec! {
    /// `BundleDownloadSpec`.
    BundleDownloadSpec {} {
        scheduled_timestamp: String,
        download_now: bool,
        cancel_now: bool,
    }
}

closed_spec! {
    /// `BundleUpdateSpec`: the body of `startBundleDownloadByID`.
    BundleUpdateSpec {} {
        bundle_download_spec: BundleDownloadSpec,
        compatibility_sets_file_path: String,
    }
}

closed_spec! {
    /// `CheckSetQueryResource`.
    CheckSetQueryResource { resource_type: String } {
        resource_id: String,
        resource_target_version: String,
    }
}

closed_spec! {
    /// `CheckSetQueryDomainResources`.
    CheckSetQueryDomainResources { domain_id: String } {
        resources: Vec<CheckSetQueryResource>,
    }
}

closed_spec! {
    /// `CheckSetQueryInput`: the body of `queryCheckSets`.
    CheckSetQueryInput {
        check_set_type: String,
        domains: Vec<CheckSetQueryDomainResources>,
    } {}
}

/// `DomainInfo.domainType` / `ResourceDomainInfo.domainType`: the one real `enum`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum DomainType {
    #[serde(rename = "MANAGEMENT")]
    Management,
    #[serde(rename = "VI")]
    Vi,
}

impl Closed for DomainType {}

closed_spec! {
    /// `DomainInfo`.
    DomainInfo {} {
        domain_name: String,
        domain_type: DomainType,
        domain_id: String,
    }
}

closed_spec! {
    /// `SelectedCheckSetCandidate`.
    SelectedCheckSetCandidate { check_set_id: String } {}
}

closed_spec! {
    /// `CheckSetResourceSelection`.
    CheckSetResourceSelection {
        resource_name: String,
        resource_id: String,
        resource_type: String,
        check_sets: Vec<SelectedCheckSetCandidate>,
    } {
        domain: DomainInfo,
    }
}

closed_spec! {
    /// `AssessmentResource` as 9.1's `CheckSetRunInput.metadata` sends it.
    AssessmentResourceSpec {} {
        r#type: String,
        id: String,
        name: String,
        domain_id: String,
        target_version: String,
    }
}

closed_spec! {
    /// `AssessmentMetadata` as 9.1's `CheckSetRunInput.metadata` sends it.
    AssessmentMetadataSpec {} {
        target_version: String,
        resources: Vec<AssessmentResourceSpec>,
        upgrade_id: String,
    }
}

closed_spec! {
    /// `CheckSetRunInput`: the body of `triggerCheckRun`.
    CheckSetRunInput {
        query_id: String,
        resources: Vec<CheckSetResourceSelection>,
    } {} {
        metadata: AssessmentMetadataSpec,
    }
}

closed_spec! {
    /// `PackageSpec`.
    PackageSpec { name: String, version: String } {}
}

closed_spec! {
    /// `HardwareSupportSpec`.
    HardwareSupportSpec { name: String, package_spec: PackageSpec } {}
}

closed_spec! {
    /// `PersonalitySpec`.
    PersonalitySpec { personality_id: String } {
        hardware_support_specs: Vec<HardwareSupportSpec>,
    }
}

closed_spec! {
    /// `CustomISOSpec`.
    CustomIsoSpec { id: String } {}
}

closed_spec! {
    /// `EsxUpgradeFailureAction`.
    EsxUpgradeFailureAction { retry_delay: i64, retry_count: i64, action: String } {}
}

closed_spec! {
    /// `EsxUpgradeOptionsSpec`.
    EsxUpgradeOptionsSpec {} {
        esx_upgrade_failure_action: EsxUpgradeFailureAction,
        enforce_hcl_validation: bool,
        enable_quick_patch: bool,
        enable_quickboot: bool,
        evacuate_offline_vms: bool,
        disable_hac: bool,
        disable_dpm: bool,
        pre_remediation_power_action: String,
    }
}

closed_spec! {
    /// `ResourceUpgradeSpec`.
    ResourceUpgradeSpec { resource_id: String } {
        shutdown_vms: bool,
        to_version: String,
        scheduled_timestamp: String,
        upgrade_now: bool,
        personality_spec: PersonalitySpec,
        custom_iso_spec: CustomIsoSpec,
        enable_quickboot: bool,
        evacuate_offline_vms: bool,
        esx_upgrade_options_spec: EsxUpgradeOptionsSpec,
    } {
        r#type: String,
        hosts_to_upgrade: Vec<String>,
    }
}

closed_spec! {
    /// `NsxtHostClusterUpgradeSpec`.
    NsxtHostClusterUpgradeSpec { host_cluster_id: String } {
        host_parallel_upgrade: bool,
        live_upgrade: bool,
    }
}

closed_spec! {
    /// `NsxtEdgeClusterUpgradeSpec`.
    NsxtEdgeClusterUpgradeSpec { edge_cluster_id: String } {
        edge_parallel_upgrade: bool,
    }
}

closed_spec! {
    /// `NsxtUpgradeOptions`.
    NsxtUpgradeOptions {} {
        is_edge_only_upgrade: bool,
        is_host_clusters_upgrade_parallel: bool,
        is_edge_clusters_upgrade_parallel: bool,
    } {
        is_mp_upgrade: bool,
        is_datapath_appliance_upgrade: bool,
    }
}

closed_spec! {
    /// `NsxtUpgradeUserInputSpec`.
    NsxtUpgradeUserInputSpec {} {
        nsxt_host_cluster_upgrade_specs: Vec<NsxtHostClusterUpgradeSpec>,
        nsxt_edge_cluster_upgrade_specs: Vec<NsxtEdgeClusterUpgradeSpec>,
        nsxt_upgrade_options: NsxtUpgradeOptions,
        nsxt_id: String,
    }
}

closed_spec! {
    /// `TemporaryNetwork`.
    TemporaryNetwork {} {
        network_mode: String,
        ip_address: String,
        subnet_mask: String,
        gateway: String,
    }
}

closed_spec! {
    /// `VcenterApplianceSizingInfo` as 9.1's `targetVcenterAppliance` sends it.
    VcenterApplianceSizingSpec {} {
        appliance_size: String,
        storage_size: String,
        required_cpu: i64,
        required_memory: i64,
        required_storage: i64,
        vm_count: i64,
        host_count: i64,
        is_recommended: bool,
    }
}

closed_spec! {
    /// `VcenterUpgradeUserInputSpec`.
    VcenterUpgradeUserInputSpec { temporary_network: TemporaryNetwork } {
        resource_id: String,
        upgrade_mechanism: String,
        start_switchover_timestamp: String,
    } {
        switchover_type: String,
        target_vcenter_appliance: VcenterApplianceSizingSpec,
    }
}

closed_spec! {
    /// `UpgradeSpec`: the body of `performUpgrade`.
    UpgradeSpec {
        bundle_id: String,
        resource_type: String,
        resource_upgrade_specs: Vec<ResourceUpgradeSpec>,
    } {
        parallel_upgrade: bool,
        draft_mode: bool,
        nsxt_upgrade_user_input_specs: Vec<NsxtUpgradeUserInputSpec>,
        vcenter_upgrade_user_input_specs: Vec<VcenterUpgradeUserInputSpec>,
    }
}

// --- Responses --------------------------------------------------------------------------

pub(crate) use crate::wire::Page;

/// `Error` (also every element of `errors[]` and `nestedErrors[]`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Error52 {
    pub(crate) error_code: String,
    pub(crate) error_type: String,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) remediation_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) context: Option<std::collections::BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) nested_errors: Vec<Error52>,
    pub(crate) reference_token: String,
}

impl Error52 {
    pub(crate) fn new(code: &str, error_type: &str, message: String, remediation: &str) -> Self {
        Error52 {
            error_code: code.to_owned(),
            error_type: error_type.to_owned(),
            message,
            remediation_message: Some(remediation.to_owned()),
            context: None,
            nested_errors: Vec::new(),
            reference_token: crate::wire::reference_token(),
        }
    }
}

/// `TokenPair`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TokenPair {
    pub(crate) access_token: String,
    pub(crate) refresh_token: RefreshToken,
}

/// `RefreshToken`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RefreshToken {
    pub(crate) id: String,
}

/// `DomainReference`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainReference {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) domain_type: String,
}

/// `SddcManager`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SddcManager {
    pub(crate) id: String,
    pub(crate) fqdn: String,
    pub(crate) version: String,
    pub(crate) ip_address: String,
    pub(crate) domain: DomainReference,
}

/// `VcenterReference`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VcenterReference {
    pub(crate) id: String,
    pub(crate) fqdn: String,
}

/// `ClusterReference`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ClusterReference {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// `NsxTClusterReference`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxTClusterReference {
    pub(crate) id: String,
    pub(crate) vip_fqdn: String,
}

/// `Domain`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Domain {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) status: String,
    #[serde(rename = "type")]
    pub(crate) domain_type: String,
    pub(crate) vcenters: Vec<VcenterReference>,
    pub(crate) clusters: Vec<ClusterReference>,
    pub(crate) nsxt_cluster: NsxTClusterReference,
    pub(crate) is_management_sso_domain: bool,
    pub(crate) lifecycle_management_mode: String,
    pub(crate) capacity: Capacity,
}

/// `FrequencyMetric` and `DataMetric` (the same shape; `unit` is an enum in both).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Metric {
    pub(crate) value: f64,
    pub(crate) unit: &'static str,
}

/// `CpuInfo`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CpuInfo {
    pub(crate) used: Metric,
    pub(crate) total: Metric,
    pub(crate) number_of_cores: u32,
    #[serde(rename = "numberOfCPUPackages")]
    pub(crate) number_of_cpu_packages: u32,
}

/// `MemoryInfo` and `StorageInfo` (the same shape).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DataUsage {
    pub(crate) used: Metric,
    pub(crate) total: Metric,
}

/// `Capacity` of a domain or a cluster.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Capacity {
    pub(crate) cpu: CpuInfo,
    pub(crate) memory: DataUsage,
    pub(crate) storage: DataUsage,
}

/// `HostReference`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HostReference {
    pub(crate) id: String,
    pub(crate) fqdn: String,
}

/// `Cluster`: only the fields 5.2.1 and 9.0.2 share.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Cluster {
    pub(crate) id: String,
    pub(crate) domain: DomainReference,
    pub(crate) name: String,
    pub(crate) status: String,
    pub(crate) primary_datastore_name: String,
    pub(crate) primary_datastore_type: String,
    pub(crate) hosts: Vec<HostReference>,
    pub(crate) is_stretched: bool,
    pub(crate) is_default: bool,
    pub(crate) failures_to_tolerate: u32,
    pub(crate) is_image_based: bool,
    pub(crate) capacity: Capacity,
    pub(crate) vcenter: VcenterReference,
}

/// `Cpu` of a host.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Cpu {
    #[serde(rename = "frequencyMHz")]
    pub(crate) frequency_mhz: f64,
    #[serde(rename = "usedFrequencyMHz")]
    pub(crate) used_frequency_mhz: f64,
    pub(crate) cores: u32,
}

/// `Memory` of a host.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Memory {
    #[serde(rename = "totalCapacityMB")]
    pub(crate) total_capacity_mb: f64,
    #[serde(rename = "usedCapacityMB")]
    pub(crate) used_capacity_mb: f64,
}

/// `Disk`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Disk {
    #[serde(rename = "capacityMB")]
    pub(crate) capacity_mb: f64,
    pub(crate) disk_type: String,
    pub(crate) manufacturer: String,
    pub(crate) model: String,
}

/// `Storage` of a host.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Storage {
    #[serde(rename = "totalCapacityMB")]
    pub(crate) total_capacity_mb: f64,
    #[serde(rename = "usedCapacityMB")]
    pub(crate) used_capacity_mb: f64,
    pub(crate) disks: Vec<Disk>,
}

/// `NetworkPoolReference`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NetworkPoolReference {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// `BaseImageDetails`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BaseImageDetails {
    pub(crate) display_name: String,
    pub(crate) display_version: String,
    pub(crate) release_timestamp: String,
}

/// `BaseImageInfo`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BaseImageInfo {
    pub(crate) version: String,
    pub(crate) details: BaseImageDetails,
}

/// `SoftwareInfo`: the image a host runs, or a personality is.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SoftwareInfo {
    pub(crate) base_image: BaseImageInfo,
}

/// `Host`: only the fields 5.2.1 and 9.0.2 share.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Host {
    pub(crate) id: String,
    pub(crate) serial_number: String,
    pub(crate) esxi_version: String,
    pub(crate) fqdn: String,
    pub(crate) hardware_vendor: String,
    pub(crate) hardware_model: String,
    pub(crate) cpu: Cpu,
    pub(crate) memory: Memory,
    pub(crate) storage: Storage,
    pub(crate) domain: DomainReference,
    pub(crate) networkpool: NetworkPoolReference,
    pub(crate) cluster: ClusterReference,
    pub(crate) status: String,
    pub(crate) compatible_storage_type: String,
    pub(crate) hybrid: bool,
    pub(crate) software_info: SoftwareInfo,
    pub(crate) configuration_status: String,
    pub(crate) datastore_type: String,
}

/// `Personality`: an ESX image in the depot (without 9.0.2's `type`, which 5.2.1 lacks).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Personality {
    pub(crate) version: String,
    pub(crate) personality_id: String,
    pub(crate) personality_name: String,
    pub(crate) description: String,
    pub(crate) created_by: String,
    pub(crate) image_size: String,
    pub(crate) image_checksum: String,
    pub(crate) vsphere_exported_zip_path: String,
    pub(crate) vsphere_exported_iso_path: String,
    pub(crate) vsphere_exported_json_path: String,
    pub(crate) display_name: String,
    pub(crate) import_timestamp: String,
    pub(crate) software_info: SoftwareInfo,
}

/// `ProductVersion`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProductVersion {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) public_name: String,
}

/// `PatchBundle`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatchBundle {
    pub(crate) bundle_id: String,
    pub(crate) bundle_type: String,
    pub(crate) bundle_elements: Vec<String>,
    pub(crate) cumulative_from_vcf_version: String,
}

/// `Release`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Release {
    pub(crate) product: String,
    pub(crate) version: String,
    pub(crate) min_compatible_vcf_version: String,
    /// 9.x only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) min_installer_version: Option<String>,
    pub(crate) description: String,
    pub(crate) release_date: String,
    pub(crate) bom: Vec<ProductVersion>,
}

/// `MessagePack`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MessagePack {
    pub(crate) component: String,
    pub(crate) message_key: String,
    pub(crate) message: String,
}

/// `DomainFutureRelease`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainFutureRelease {
    pub(crate) applicability_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason_not_applicable: Option<MessagePack>,
    /// Deprecated; sent with the field-report switch only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_applicable: Option<bool>,
    pub(crate) product: String,
    pub(crate) version: String,
    pub(crate) min_compatible_vcf_version: String,
    /// 9.x only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) min_installer_version: Option<String>,
    pub(crate) description: String,
    pub(crate) release_date: String,
    pub(crate) bom: Vec<ProductVersion>,
    pub(crate) patch_bundles: Vec<PatchBundle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) upgrade_order: Option<String>,
}

/// `DomainReleaseView`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainReleaseView {
    pub(crate) domain_id: String,
    pub(crate) target_version: String,
    pub(crate) target_sddc_manager_version: String,
    pub(crate) is_customized_bom: bool,
    /// 9.1 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) upgrade_sequence: Option<UpgradeSequence>,
}

/// `UpgradeSequence` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeSequence {
    pub(crate) optimized_maintenance_window: bool,
}

/// `ValidationCheck`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ValidationCheck {
    pub(crate) description: String,
    pub(crate) severity: String,
    pub(crate) result_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error_response: Option<Error52>,
}

/// `Validation`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Validation {
    pub(crate) id: String,
    pub(crate) description: String,
    pub(crate) execution_status: String,
    pub(crate) result_status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) validation_checks: Vec<ValidationCheck>,
}

/// `BundleComponent`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleComponent {
    pub(crate) description: String,
    pub(crate) vendor: String,
    pub(crate) released_date: String,
    pub(crate) to_version: String,
    pub(crate) from_version: String,
    pub(crate) image_type: String,
    #[serde(rename = "type")]
    pub(crate) component_type: String,
}

/// `Bundle`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bundle {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) bundle_type: String,
    pub(crate) description: String,
    pub(crate) version: String,
    pub(crate) severity: String,
    pub(crate) vendor: String,
    pub(crate) released_date: String,
    pub(crate) is_cumulative: bool,
    pub(crate) is_compliant: bool,
    #[serde(rename = "sizeMB")]
    pub(crate) size_mb: f64,
    pub(crate) download_status: String,
    pub(crate) components: Vec<BundleComponent>,
}

/// `Resource`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Resource {
    pub(crate) resource_id: String,
    #[serde(rename = "type")]
    pub(crate) resource_type: String,
    pub(crate) name: String,
}

/// `SubTask`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubTask {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) subtask_type: String,
    pub(crate) description: String,
    pub(crate) status: String,
    pub(crate) creation_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) completion_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) errors: Vec<Error52>,
}

/// `Task`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Task {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) task_type: String,
    pub(crate) status: String,
    pub(crate) creation_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) completion_timestamp: Option<String>,
    pub(crate) sub_tasks: Vec<SubTask>,
    pub(crate) errors: Vec<Error52>,
    pub(crate) resources: Vec<Resource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resolution_status: Option<String>,
    pub(crate) is_cancellable: bool,
    pub(crate) is_retryable: bool,
}

/// `ResourceDomainInfo`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResourceDomainInfo {
    pub(crate) domain_id: String,
    pub(crate) domain_name: String,
    pub(crate) domain_type: DomainType,
}

/// `CheckSetCandidates`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetCandidates {
    pub(crate) check_set_id: String,
    pub(crate) check_set_name: String,
    pub(crate) check_set_type: String,
}

/// `CheckSetQueryResourceResult`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryResourceResult {
    pub(crate) resource_name: String,
    pub(crate) resource_id: String,
    pub(crate) resource_type: String,
    pub(crate) resource_version: String,
    pub(crate) domain: ResourceDomainInfo,
    pub(crate) check_sets: Vec<CheckSetCandidates>,
}

/// `CheckSetQueryResult`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckSetQueryResult {
    pub(crate) query_id: String,
    pub(crate) resources: Vec<CheckSetQueryResourceResult>,
}

/// `DiscoveryProgress`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DiscoveryProgress {
    pub(crate) progress_messages: Vec<String>,
    pub(crate) percentage_complete: i32,
}

/// `AssessmentOutput`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentOutput {
    pub(crate) status: String,
    pub(crate) presented_artifacts_map: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) validation_result: Option<Error52>,
    pub(crate) discovery_progress: DiscoveryProgress,
    pub(crate) timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) completion_timestamp: Option<String>,
}

/// `AssessmentResource`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentResource {
    #[serde(rename = "type")]
    pub(crate) resource_type: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) domain_id: String,
    pub(crate) target_version: String,
}

/// `AssessmentMetadata`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentMetadata {
    pub(crate) target_version: String,
    pub(crate) resources: Vec<AssessmentResource>,
}

/// `DomainInfo` as answered.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainInfoOut {
    pub(crate) domain_name: String,
    pub(crate) domain_type: DomainType,
    pub(crate) domain_id: String,
}

/// `AssessmentTaskInfo`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssessmentTaskInfo {
    pub(crate) id: String,
    pub(crate) state: String,
    pub(crate) timestamp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) completion_timestamp: Option<i64>,
    pub(crate) domain_inputs: Vec<DomainInfoOut>,
    pub(crate) metadata: AssessmentMetadata,
}

/// `SoftwareComponent`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SoftwareComponent {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) component_type: String,
}

/// `Upgradable`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Upgradable {
    pub(crate) bundle_id: String,
    pub(crate) bundle_type: String,
    pub(crate) resource: Resource,
    pub(crate) software_components: Vec<SoftwareComponent>,
    pub(crate) status: String,
}

/// `NsxtManagerCluster`, `NsxtEdgeCluster` (same fields the simulator fills).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtCluster {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) upgrade_status: String,
    pub(crate) resource_health: String,
    pub(crate) version: String,
}

/// `NsxtHostCluster`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtHostCluster {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) upgrade_status: String,
    pub(crate) resource_health: String,
    pub(crate) upgraded_units: i32,
    pub(crate) total_units: i32,
    pub(crate) domain_id: String,
    pub(crate) version: String,
}

/// `NsxtUpgradeCoordinator`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtUpgradeCoordinator {
    pub(crate) id: String,
    pub(crate) upgrade_status: String,
    pub(crate) resource_health: String,
    pub(crate) version: String,
    pub(crate) enabled_on: String,
}

/// `NsxtResources`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NsxtResources {
    pub(crate) nsxt_host_clusters: Vec<NsxtHostCluster>,
    pub(crate) nsxt_edge_clusters: Vec<NsxtCluster>,
    pub(crate) nsxt_manager_cluster: NsxtCluster,
    pub(crate) nsxt_upgrade_coordinator: NsxtUpgradeCoordinator,
    pub(crate) bundle_id: String,
    pub(crate) domain_id: String,
}

/// `Upgrade`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Upgrade {
    pub(crate) id: String,
    pub(crate) bundle_id: String,
    pub(crate) resource_type: String,
    pub(crate) parallel_upgrade: bool,
    pub(crate) resource_upgrade_specs: Vec<ResourceUpgradeSpec>,
    pub(crate) status: String,
    pub(crate) task_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) nsxt_upgrade_user_input_spec: Option<NsxtUpgradeUserInputSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) vcenter_upgrade_user_input_spec: Option<VcenterUpgradeUserInputSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) end_time: Option<i64>,
}

// --- Responses of 9.x only -------------------------------------------------------------

/// `BundleDownloadStatusInfo` (9.0.2).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleDownloadStatusInfo {
    pub(crate) component_type: String,
    pub(crate) version: String,
    pub(crate) bundle_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) download_id: Option<String>,
    pub(crate) download_status: String,
    pub(crate) downloaded_size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) download_start_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) download_end_time: Option<i64>,
    pub(crate) download_scheduled_time: i64,
    pub(crate) is_download_cancellable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
    pub(crate) is_downloadable: bool,
}

/// `BundleReference`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BundleReference {
    pub(crate) id: String,
}

/// `UpgradeEligibilityResult` (without guardrail details: every resource is eligible).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct UpgradeEligibilityResult {
    pub(crate) status: String,
    pub(crate) details: Vec<serde_json::Value>,
}

/// `UpgradeItem`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeItem {
    pub(crate) resource_id: String,
    pub(crate) bundle_component_type: String,
    pub(crate) upgrade_eligibility: UpgradeEligibilityResult,
}

/// `UpgradePreview` (9.0.2).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradePreview {
    pub(crate) bundle: BundleReference,
    pub(crate) domain: DomainReference,
    /// Host clusters of an ESX upgrade to their domain.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub(crate) resource_mapper: std::collections::BTreeMap<String, String>,
    pub(crate) upgrade_items: Vec<UpgradeItem>,
}

/// `UpgradeSequenceComponent` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeSequenceComponent {
    #[serde(rename = "type")]
    pub(crate) component_type: String,
    pub(crate) version: String,
    pub(crate) applicability_order: i32,
    pub(crate) applicability_status: String,
}

/// `SupportedUpgradeSequence` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SupportedUpgradeSequence {
    pub(crate) sequence_type: String,
    pub(crate) components: Vec<UpgradeSequenceComponent>,
}

/// `TargetVersionUpgradeMechanism` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TargetVersionUpgradeMechanism {
    pub(crate) target_version: String,
    pub(crate) upgrade_mechanisms: Vec<String>,
    pub(crate) default_upgrade_mechanism: String,
}

/// `SupportedUpgradeMechanisms` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SupportedUpgradeMechanisms {
    pub(crate) source_version: String,
    pub(crate) target_version_upgrade_mechanisms: Vec<TargetVersionUpgradeMechanism>,
}

/// `VcenterApplianceSizingInfo` (9.1).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VcenterApplianceSizingInfo {
    pub(crate) appliance_size: String,
    pub(crate) storage_size: String,
    pub(crate) required_cpu: i64,
    pub(crate) required_memory: i64,
    pub(crate) required_storage: i64,
    pub(crate) vm_count: i64,
    pub(crate) host_count: i64,
    pub(crate) is_recommended: bool,
}

// --- SoS health summaries (`startHealthCheck`, `getHealthCheckStatus`, `getHealthCheckTask`)

closed_spec! {
    /// `HealthSummaryConfig`.
    HealthSummaryConfig {} {
        skip_known_host_check: bool,
        force: bool,
    }
}

closed_spec! {
    /// `HealthSummaryIncludeItems`.
    HealthSummaryIncludeItems {} {
        summary_report: bool,
        precheck_report: bool,
    }
}

closed_spec! {
    /// `HealthSummaryOption`.
    HealthSummaryOption {} {
        config: HealthSummaryConfig,
        include: HealthSummaryIncludeItems,
    }
}

closed_spec! {
    /// `Domains`: a domain (by name) and some of its clusters.
    HealthSummaryDomains {} {
        domain_name: String,
        cluster_names: Vec<String>,
    }
}

closed_spec! {
    /// `HealthSummaryScope`.
    HealthSummaryScope {} {
        include_free_hosts: bool,
        include_all_domains: bool,
        domains: Vec<HealthSummaryDomains>,
    }
}

closed_spec! {
    /// `HealthChecks`: which areas to check (absent = every area).
    HealthChecks {} {
        services_health: bool,
        ntp_health: bool,
        general_health: bool,
        certificate_health: bool,
        password_health: bool,
        connectivity_health: bool,
        compute_health: bool,
        storage_health: bool,
        dns_health: bool,
        hardware_compatibility_health: bool,
        version_health: bool,
    }
}

closed_spec! {
    /// `HealthSummarySpec`: the body of `startHealthCheck`.
    HealthSummarySpec {} {
        options: HealthSummaryOption,
        scope: HealthSummaryScope,
        health_checks: HealthChecks,
    }
}

/// `HealthSummary`: a health summary task (its collection status, not the estate's health,
/// which is in the bundle `exportHealthCheckByID` downloads).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HealthSummary {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) description: String,
    pub(crate) creation_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) completion_timestamp: Option<String>,
    pub(crate) bundle_available: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) bundle_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_are_closed_typed_and_null_free() {
        let ok: UpgradeSpec = serde_json::from_value(json!({
            "bundleId": "b", "resourceType": "DOMAIN",
            "resourceUpgradeSpecs": [{"resourceId": "d", "upgradeNow": true}]
        }))
        .unwrap();
        assert_eq!(ok.resource_upgrade_specs[0].upgrade_now, Some(true));
        let rendered = serde_json::to_value(&ok.resource_upgrade_specs[0]).unwrap();
        assert_eq!(rendered, json!({"resourceId": "d", "upgradeNow": true}));

        for bad in [
            json!({"bundleId": "b", "resourceType": "DOMAIN", "resourceUpgradeSpecs": [],
                   "releaseId": "5.2.1.0"}),
            json!({"bundleId": "b", "resourceType": "DOMAIN"}),
            json!({"bundleId": 7, "resourceType": "DOMAIN", "resourceUpgradeSpecs": []}),
            json!({"bundleId": "b", "resourceType": "DOMAIN",
                   "resourceUpgradeSpecs": [{"resourceId": "d", "upgradeNow": null}]}),
            json!({"bundleId": "b", "resourceType": "DOMAIN",
                   "resourceUpgradeSpecs": [{"resourceId": "d", "upgradeNow": "yes"}]}),
        ] {
            assert!(
                serde_json::from_value::<UpgradeSpec>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        assert!(serde_json::from_value::<DomainRelease>(
            json!({"releaseId": "5.2.1.0", "operation": "TARGET"})
        )
        .is_err());
        assert!(serde_json::from_value::<DomainInfo>(json!({"domainType": "WORKLOAD"})).is_err());
    }
}
