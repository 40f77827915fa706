//! The inventory calls: `getSddcManagers`' version and `getDomains` / `getDomain` (whose
//! clusters and capacity come from the domain's estate).

use crate::catalog::{self, ComponentKind};
use crate::clock::SimTime;
use crate::vcf52::state::{Domain52, Vcf52State};
use crate::vcf52::wire;

impl Vcf52State {
    pub(crate) fn sddc_manager_version(&self, now: SimTime) -> &'static str {
        match self.domains.first() {
            Some(management) => management.component_version(ComponentKind::SddcManager, now),
            None => self.profile.installed(ComponentKind::SddcManager),
        }
    }

    pub(crate) fn render_domain(&self, domain: &Domain52, now: SimTime) -> wire::Domain {
        wire::Domain {
            id: domain.id.clone(),
            name: domain.name.clone(),
            status: if domain.running_upgrade(now).is_some() {
                String::from("UPGRADING")
            } else {
                String::from("ACTIVE")
            },
            domain_type: String::from(catalog::domain_type(domain.index)),
            vcenters: vec![wire::VcenterReference {
                id: domain.vcenter_id(),
                fqdn: domain.resource_name(ComponentKind::Vcenter),
            }],
            clusters: domain
                .cluster_numbers()
                .map(|cluster| wire::ClusterReference {
                    id: domain.cluster_id_of(cluster),
                    name: domain.cluster_name_of(cluster),
                })
                .collect(),
            nsxt_cluster: wire::NsxTClusterReference {
                id: domain.nsx_id(),
                vip_fqdn: domain.resource_name(ComponentKind::NsxTManager),
            },
            is_management_sso_domain: true,
            lifecycle_management_mode: String::from("IMAGES"),
            capacity: domain.capacity(),
        }
    }
}
