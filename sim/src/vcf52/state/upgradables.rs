//! What a domain can upgrade next (`getUpgradablesByDomain`, `getUpgradables`) and the NSX
//! resources an NSX upgrade names (`getNsxUpgradeResources`).

use crate::api_error::ApiError;
use crate::catalog::ComponentKind;
use crate::clock::SimTime;
use crate::vcf52::state::render::bundle_type;
use crate::vcf52::state::{not_found, Domain52, Vcf52State};
use crate::vcf52::wire;

impl Vcf52State {
    /// `getUpgradablesByDomain`.
    pub(crate) fn upgradables(
        &self,
        domain_id: &str,
        target_version: Option<&str>,
        now: SimTime,
    ) -> Result<Vec<wire::Upgradable>, ApiError> {
        let domain = self.domain(domain_id)?;
        Ok(domain_upgradables(domain, target_version, now))
    }

    /// `getUpgradables`: every domain's.
    pub(crate) fn all_upgradables(&self, now: SimTime) -> Vec<wire::Upgradable> {
        self.domains
            .iter()
            .flat_map(|domain| domain_upgradables(domain, None, now))
            .collect()
    }

    /// `getNsxUpgradeResources`.
    pub(crate) fn nsx_resources(
        &self,
        domain_id: &str,
        bundle_id: Option<&str>,
        now: SimTime,
    ) -> Result<wire::NsxtResources, ApiError> {
        let domain = self.domain(domain_id)?;
        let nsx_bundle = domain
            .bundles
            .iter()
            .find(|bundle| bundle.kind == ComponentKind::NsxTManager);
        let bundle_id = match (bundle_id, nsx_bundle) {
            (Some(wanted), Some(bundle)) if wanted == bundle.id => bundle.id.clone(),
            (None, Some(bundle)) => bundle.id.clone(),
            (Some(wanted), _) => {
                return Err(not_found(
                    "BUNDLE_NOT_FOUND",
                    format!(
                        "Bundle {wanted} is not an NSX bundle of domain {}",
                        domain.name
                    ),
                ));
            }
            (None, None) => {
                return Err(not_found(
                    "BUNDLE_NOT_FOUND",
                    format!("Domain {} has no NSX bundle to upgrade to", domain.name),
                ));
            }
        };
        let upgraded = domain.component_upgraded(ComponentKind::NsxTManager, now);
        let status = if upgraded { "COMPLETED" } else { "NOT_STARTED" };
        let version = String::from(domain.component_version(ComponentKind::NsxTManager, now));
        // One unit per host of a cluster.
        let units = i32::try_from(domain.hosts_per_cluster()).unwrap_or(i32::MAX);
        Ok(wire::NsxtResources {
            nsxt_host_clusters: domain
                .cluster_numbers()
                .map(|cluster| wire::NsxtHostCluster {
                    id: domain.cluster_id_of(cluster),
                    name: domain.cluster_name_of(cluster),
                    upgrade_status: String::from(status),
                    resource_health: String::from("GREEN"),
                    upgraded_units: if upgraded { units } else { 0 },
                    total_units: units,
                    domain_id: domain.id.clone(),
                    version: version.clone(),
                })
                .collect(),
            nsxt_edge_clusters: vec![wire::NsxtCluster {
                id: domain.edge_cluster_id(),
                name: format!("ec-{}", domain.name),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version: version.clone(),
            }],
            nsxt_manager_cluster: wire::NsxtCluster {
                id: domain.nsx_id(),
                name: domain.resource_name(ComponentKind::NsxTManager),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version: version.clone(),
            },
            nsxt_upgrade_coordinator: wire::NsxtUpgradeCoordinator {
                id: domain.nsx_id(),
                upgrade_status: String::from(status),
                resource_health: String::from("GREEN"),
                version,
                enabled_on: domain.resource_name(ComponentKind::NsxTManager),
            },
            bundle_id,
            domain_id: domain.id.clone(),
        })
    }
}

fn domain_upgradables(
    domain: &Domain52,
    target_version: Option<&str>,
    now: SimTime,
) -> Vec<wire::Upgradable> {
    let Some(target) = &domain.target else {
        return Vec::new();
    };
    if target_version.is_some_and(|wanted| wanted != target) {
        return Vec::new();
    }
    let available = domain.available_bundle(now);
    domain
        .bundles
        .iter()
        .enumerate()
        .map(|(position, bundle)| wire::Upgradable {
            bundle_id: bundle.id.clone(),
            bundle_type: String::from(bundle_type(bundle.kind)),
            resource: wire::Resource {
                resource_id: domain.id.clone(),
                resource_type: String::from("DOMAIN"),
                name: domain.name.clone(),
            },
            software_components: vec![wire::SoftwareComponent {
                id: domain.resource_id(bundle.kind),
                component_type: String::from(bundle.kind.wire_name()),
            }],
            status: String::from(if domain.bundle_completed(position, now) {
                "COMPLETED"
            } else if available == Some(position) {
                "AVAILABLE"
            } else {
                "PENDING"
            }),
        })
        .collect()
}
