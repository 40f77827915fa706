//! JSON bodies of the `/v1` API, as `docs/api.md` specifies them.
//!
//! Responses follow SDDC Manager 5.2.1's models (`Error`, `Task`, `Bundle`, `PageOf*`, ...)
//! with the project's additions; requests are parsed leniently (unknown fields are ignored)
//! but strictly typed. Fields the contract shows as `null` are serialized as `null`, not
//! left out.

use serde::{Deserialize, Serialize};

/// SDDC Manager's `Error`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorBody {
    pub(crate) error_code: String,
    pub(crate) error_type: String,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) remediation_message: Option<String>,
    pub(crate) reference_token: String,
}

impl ErrorBody {
    pub(crate) fn new(code: &str, message: String, remediation: Option<String>) -> Self {
        ErrorBody {
            error_code: code.to_owned(),
            error_type: String::from("ERROR"),
            message,
            remediation_message: remediation,
            reference_token: reference_token(),
        }
    }
}

/// Six random upper-case letters and digits, like SDDC Manager's `referenceToken`.
pub(crate) fn reference_token() -> String {
    const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uuid::Uuid::new_v4()
        .into_bytes()
        .iter()
        .take(6)
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect()
}

/// `PageMetadata`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageMetadata {
    pub(crate) page_number: usize,
    pub(crate) page_size: usize,
    pub(crate) total_elements: usize,
    pub(crate) total_pages: usize,
}

/// `PageOf*`: everything on page 0, unless a `vcf52` call that documents `page` and `size`
/// was asked for one page.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page<T> {
    pub(crate) elements: Vec<T>,
    pub(crate) page_metadata: PageMetadata,
}

impl<T> Page<T> {
    pub(crate) fn of(elements: Vec<T>) -> Self {
        let count = elements.len();
        Page {
            elements,
            page_metadata: PageMetadata {
                page_number: 0,
                page_size: count,
                total_elements: count,
                total_pages: 1,
            },
        }
    }

    /// Page `page` (1-based, as 9.0.2's `page` parameter) of `size` elements of `all`; a page
    /// past the last one is empty.
    pub(crate) fn one_page(all: Vec<T>, page: usize, size: usize) -> Self {
        let total = all.len();
        let skip = page.saturating_sub(1).saturating_mul(size);
        Page {
            elements: all.into_iter().skip(skip).take(size).collect(),
            page_metadata: PageMetadata {
                page_number: page,
                page_size: size,
                total_elements: total,
                total_pages: total.div_ceil(size.max(1)),
            },
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

/// A `{"id": ...}` reference to another resource.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Reference {
    pub(crate) id: String,
}

/// `SddcManager`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SddcManager {
    pub(crate) id: String,
    pub(crate) fqdn: String,
    pub(crate) version: String,
    pub(crate) ip_address: String,
    pub(crate) domain: Reference,
}

/// `Domain`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Domain {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) domain_type: String,
    pub(crate) status: String,
}

/// `DomainReleaseView` plus the project's `currentVersion`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainReleaseView {
    pub(crate) domain_id: String,
    pub(crate) current_version: String,
    pub(crate) target_version: Option<String>,
}

/// `ProductVersion`, an entry of a release's bill of materials.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BomEntry {
    pub(crate) name: String,
    pub(crate) version: String,
}

/// A `patchBundles` entry of a release.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatchBundle {
    pub(crate) bundle_id: String,
    pub(crate) bundle_type: String,
}

/// `DomainFutureRelease`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainFutureRelease {
    pub(crate) product: String,
    pub(crate) version: String,
    pub(crate) description: String,
    pub(crate) release_date: String,
    pub(crate) min_compatible_vcf_version: String,
    pub(crate) is_applicable: bool,
    pub(crate) applicability_status: String,
    pub(crate) not_applicable_reason: Option<String>,
    pub(crate) bom: Vec<BomEntry>,
    pub(crate) patch_bundles: Vec<PatchBundle>,
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
    pub(crate) completion_timestamp: Option<String>,
    pub(crate) errors: Vec<ErrorBody>,
}

/// `BundleComponent`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleComponent {
    #[serde(rename = "type")]
    pub(crate) component_type: String,
    pub(crate) from_version: String,
    pub(crate) to_version: String,
    pub(crate) image_type: String,
}

/// `Bundle` plus the project's `downloadProgressPercent` and `downloadError`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bundle {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) bundle_type: String,
    pub(crate) version: String,
    pub(crate) description: String,
    pub(crate) vendor: String,
    #[serde(rename = "sizeMB")]
    pub(crate) size_mb: f64,
    pub(crate) download_status: String,
    pub(crate) download_progress_percent: u8,
    pub(crate) components: Vec<BundleComponent>,
    pub(crate) download_error: Option<ErrorBody>,
}

/// A precheck's validation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Validation {
    pub(crate) name: String,
    pub(crate) resource_name: String,
    pub(crate) severity: String,
    pub(crate) status: String,
    pub(crate) message: String,
    pub(crate) remediation_message: Option<String>,
}

/// `Precheck` (project).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Precheck {
    pub(crate) id: String,
    pub(crate) domain_id: String,
    pub(crate) release_id: String,
    pub(crate) status: String,
    pub(crate) creation_timestamp: String,
    pub(crate) completion_timestamp: Option<String>,
    pub(crate) error_validations_count: usize,
    pub(crate) warning_gaps_count: usize,
    pub(crate) validations: Vec<Validation>,
}

/// One component of an `Upgrade`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeComponent {
    #[serde(rename = "type")]
    pub(crate) component_type: String,
    pub(crate) from_version: String,
    pub(crate) to_version: String,
    pub(crate) status: String,
    pub(crate) start_time: Option<String>,
    pub(crate) end_time: Option<String>,
}

/// An alert raised by an upgrade.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Alert {
    pub(crate) id: String,
    pub(crate) severity: String,
    pub(crate) component: String,
    pub(crate) message: String,
    pub(crate) raised_at: String,
    pub(crate) acknowledged: bool,
    pub(crate) acknowledged_at: Option<String>,
}

/// `Upgrade` (the project's domain-level shape).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Upgrade {
    pub(crate) id: String,
    pub(crate) domain_id: String,
    pub(crate) release_id: String,
    pub(crate) status: String,
    pub(crate) progress_percent: u8,
    pub(crate) current_component: Option<String>,
    pub(crate) start_time: String,
    pub(crate) end_time: Option<String>,
    pub(crate) components: Vec<UpgradeComponent>,
    pub(crate) alerts: Vec<Alert>,
    pub(crate) errors: Vec<ErrorBody>,
}

/// `POST /v1/tokens`.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct LoginRequest {
    pub(crate) username: String,
    pub(crate) password: String,
}

/// `PATCH /v1/releases/domains/{domainId}`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TargetRequest {
    pub(crate) release_id: String,
    pub(crate) operation: String,
}

/// `PATCH /v1/bundles/{bundleId}`.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct BundleOperationRequest {
    pub(crate) operation: String,
}

/// `POST .../upgrades/precheck` and `POST .../upgrades`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReleaseRequest {
    pub(crate) release_id: String,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "accepted and type-checked; the simulator has no known hosts"
    )]
    pub(crate) skip_known_host_check: bool,
}

/// `POST .../upgrades/acknowledge`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AcknowledgeRequest {
    pub(crate) upgrade_id: String,
    #[serde(default)]
    pub(crate) alert_ids: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_tokens_are_six_upper_case_alphanumerics() {
        let token = reference_token();
        assert_eq!(token.len(), 6);
        assert!(token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    }

    #[test]
    fn pages_hold_everything_on_page_zero() {
        let page = serde_json::to_value(Page::of(vec![1, 2, 3])).unwrap();
        assert_eq!(
            page,
            serde_json::json!({"elements": [1, 2, 3], "pageMetadata":
                {"pageNumber": 0, "pageSize": 3, "totalElements": 3, "totalPages": 1}})
        );
    }

    #[test]
    fn requests_are_strictly_typed_but_tolerate_unknown_fields() {
        let parsed: ReleaseRequest =
            serde_json::from_str(r#"{"releaseId":"5.2.1.0","extra":1}"#).unwrap();
        assert_eq!(parsed.release_id, "5.2.1.0");
        assert!(!parsed.skip_known_host_check);
        assert!(serde_json::from_str::<ReleaseRequest>(r#"{"releaseId":5}"#).is_err());
        assert!(serde_json::from_str::<ReleaseRequest>(
            r#"{"releaseId":"5.2.1.0","skipKnownHostCheck":"no"}"#
        )
        .is_err());
    }
}
