//! The fixed inventory the simulator serves: ids, names, the one release and its bundles.
//!
//! Everything here is deterministic so that tests (and the client's own tests) can name
//! domains and bundles without asking the simulator first.

/// The VCF version every domain runs when the simulator starts.
pub(crate) const CURRENT_VCF_VERSION: &str = "5.1.1.0";
/// The one release the simulator offers; release ids are release versions.
pub(crate) const RELEASE_VERSION: &str = "5.2.1.0";
pub(crate) const RELEASE_DESCRIPTION: &str = "VMware Cloud Foundation 5.2.1";
pub(crate) const RELEASE_DATE: &str = "2024-10-09";

/// The stable id of the simulated SDDC Manager (`GET /v1/sddc-managers`).
pub(crate) const SDDC_MANAGER_ID: &str = "00000000-0000-4000-9000-000000000001";
pub(crate) const SDDC_MANAGER_FQDN: &str = "sddc-manager.vcf.sim";

/// The parts of a domain an upgrade touches, in upgrade order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ComponentKind {
    SddcManager,
    NsxTManager,
    Vcenter,
    EsxHost,
}

impl ComponentKind {
    /// The order components are upgraded in.
    pub(crate) const UPGRADE_ORDER: [ComponentKind; 4] = [
        ComponentKind::SddcManager,
        ComponentKind::NsxTManager,
        ComponentKind::Vcenter,
        ComponentKind::EsxHost,
    ];

    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            ComponentKind::SddcManager => "SDDC_MANAGER",
            ComponentKind::NsxTManager => "NSX_T_MANAGER",
            ComponentKind::Vcenter => "VCENTER",
            ComponentKind::EsxHost => "ESX_HOST",
        }
    }

    /// The build a domain runs before the upgrade.
    pub(crate) fn installed_version(self) -> &'static str {
        match self {
            ComponentKind::SddcManager => "5.1.1.0-23480823",
            ComponentKind::NsxTManager => "4.1.2.3.0-23382408",
            ComponentKind::Vcenter => "8.0.2.00200-23504390",
            ComponentKind::EsxHost => "8.0.2-23305546",
        }
    }

    /// The build the release brings.
    pub(crate) fn release_version(self) -> &'static str {
        match self {
            ComponentKind::SddcManager => "5.2.1.0-24307856",
            ComponentKind::NsxTManager => "4.2.1.0.0-24304122",
            ComponentKind::Vcenter => "8.0.3.00300-24305161",
            ComponentKind::EsxHost => "8.0.3-24280767",
        }
    }
}

/// One of the release's patch bundles (each domain has its own copy with its own id).
#[derive(Debug)]
pub(crate) struct BundleSpec {
    /// 1-based position of the bundle in the release.
    pub(crate) number: usize,
    /// SDDC Manager's `Bundle.type`.
    pub(crate) bundle_type: &'static str,
    pub(crate) description: &'static str,
    pub(crate) size_mb: f64,
    pub(crate) components: &'static [ComponentKind],
}

/// The release's patch bundles, in the order `patchBundles` lists them.
pub(crate) const RELEASE_BUNDLES: [BundleSpec; 2] = [
    BundleSpec {
        number: 1,
        bundle_type: "SDDC_MANAGER",
        description: "SDDC Manager 5.2.1.0 update bundle",
        size_mb: 2048.0,
        components: &[ComponentKind::SddcManager],
    },
    BundleSpec {
        number: 2,
        bundle_type: "VMWARE_SOFTWARE",
        description: "NSX 4.2.1, vCenter Server 8.0 Update 3c and ESXi 8.0 Update 3b for VCF 5.2.1",
        size_mb: 14336.0,
        components: &[
            ComponentKind::NsxTManager,
            ComponentKind::Vcenter,
            ComponentKind::EsxHost,
        ],
    },
];

/// The id of domain `index` (1-based).
pub(crate) fn domain_id(index: usize) -> String {
    format!("00000000-0000-4000-8000-{index:012}")
}

/// Domain 1 is the management domain; the others are workload domains `wld-01`, `wld-02`, ...
pub(crate) fn domain_name(index: usize) -> String {
    if index == 1 {
        String::from("mgmt-domain")
    } else {
        format!("wld-{:02}", index.saturating_sub(1))
    }
}

/// SDDC Manager's `Domain.type`.
pub(crate) fn domain_type(index: usize) -> &'static str {
    if index == 1 {
        "MANAGEMENT"
    } else {
        "VI"
    }
}

/// The id of bundle `number` of domain `index`: unique per domain, stable across runs.
pub(crate) fn bundle_id(domain_index: usize, number: usize) -> String {
    format!("00000000-0000-4000-a000-{domain_index:08}{number:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_deterministic() {
        assert_eq!(domain_id(1), "00000000-0000-4000-8000-000000000001");
        assert_eq!(domain_id(12), "00000000-0000-4000-8000-000000000012");
        assert_eq!(domain_name(1), "mgmt-domain");
        assert_eq!(domain_name(2), "wld-01");
        assert_eq!(domain_name(11), "wld-10");
        assert_eq!(domain_type(1), "MANAGEMENT");
        assert_eq!(domain_type(3), "VI");
        assert_eq!(bundle_id(3, 2), "00000000-0000-4000-a000-000000030002");
        assert_ne!(bundle_id(1, 2), bundle_id(2, 1));
    }

    #[test]
    fn the_bundles_cover_every_component_once() {
        let mut covered: Vec<ComponentKind> = RELEASE_BUNDLES
            .iter()
            .flat_map(|bundle| bundle.components.iter().copied())
            .collect();
        assert_eq!(covered.len(), ComponentKind::UPGRADE_ORDER.len());
        covered.retain(|kind| !ComponentKind::UPGRADE_ORDER.contains(kind));
        assert!(covered.is_empty());
    }
}
