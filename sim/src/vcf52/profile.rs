//! The SDDC Manager versions the `vcf52` dialect plays (`--vcf-version`), as the differences
//! from 5.2.1 in one place: the releases a domain goes from and to, their bills of materials,
//! and the switches of the behaviour that differs (`docs/simulator.md`, "VCF 9.x").
//!
//! The 9.x builds are plausible, not VMware's: the 9.0.2 and 9.1 documents give no builds.

use crate::catalog::ComponentKind;
use crate::config::VcfVersion;

/// The build of each component of one VCF release.
#[derive(Debug)]
pub(crate) struct Builds {
    pub(crate) sddc_manager: &'static str,
    pub(crate) nsx: &'static str,
    pub(crate) vcenter: &'static str,
    pub(crate) esx: &'static str,
}

impl Builds {
    fn of(&self, kind: ComponentKind) -> &'static str {
        match kind {
            ComponentKind::SddcManager => self.sddc_manager,
            ComponentKind::NsxTManager => self.nsx,
            ComponentKind::Vcenter => self.vcenter,
            ComponentKind::EsxHost => self.esx,
        }
    }
}

/// One SDDC Manager version: where its domains start, where they go, and what differs.
#[derive(Debug)]
pub(crate) struct Profile {
    pub(crate) version: VcfVersion,
    /// The VCF version domains run at start (and a `no-update` domain already passed).
    pub(crate) current: &'static str,
    /// The release every domain can go to.
    pub(crate) target: &'static str,
    pub(crate) min_compatible: &'static str,
    /// 9.x's `minInstallerVersion` of a release (5.2.1 has no such field).
    pub(crate) min_installer: Option<&'static str>,
    pub(crate) current_date: &'static str,
    pub(crate) target_date: &'static str,
    installed: Builds,
    release: Builds,
}

/// VCF 5.1.1's builds, which 5.2.1's domains run before the upgrade.
const VCF_5_1_1: Builds = Builds {
    sddc_manager: "5.1.1.0-23480823",
    nsx: "4.1.2.3.0-23382408",
    vcenter: "8.0.2.00200-23504390",
    esx: "8.0.2-23305546",
};

/// VCF 5.2.1's builds.
const VCF_5_2_1: Builds = Builds {
    sddc_manager: "5.2.1.0-24307856",
    nsx: "4.2.1.0.0-24304122",
    vcenter: "8.0.3.00300-24305161",
    esx: "8.0.3-24280767",
};

/// VCF 9.0.2's builds (plausible).
const VCF_9_0_2: Builds = Builds {
    sddc_manager: "9.0.2.0-25151285",
    nsx: "9.0.2.0.0-25150960",
    vcenter: "9.0.2.0-25148086",
    esx: "9.0.2.0-25148076",
};

/// VCF 9.1.0's builds (plausible).
const VCF_9_1_0: Builds = Builds {
    sddc_manager: "9.1.0.0-25400120",
    nsx: "9.1.0.0.0-25398765",
    vcenter: "9.1.0.0-25401234",
    esx: "9.1.0.0-25401230",
};

const PROFILE_5_2_1: Profile = Profile {
    version: VcfVersion::V5_2_1,
    current: "5.1.1.0",
    target: "5.2.1.0",
    min_compatible: "5.0.0.0",
    min_installer: None,
    current_date: "2024-02-06T00:00:00.000Z",
    target_date: "2024-10-09T00:00:00.000Z",
    installed: VCF_5_1_1,
    release: VCF_5_2_1,
};

const PROFILE_9_0_2: Profile = Profile {
    version: VcfVersion::V9_0_2,
    current: "5.2.1.0",
    target: "9.0.2.0",
    min_compatible: "5.2.0.0",
    min_installer: Some("9.0.0.0"),
    current_date: "2024-10-09T00:00:00.000Z",
    target_date: "2025-10-28T00:00:00.000Z",
    installed: VCF_5_2_1,
    release: VCF_9_0_2,
};

const PROFILE_9_1_0: Profile = Profile {
    version: VcfVersion::V9_1_0,
    current: "9.0.2.0",
    target: "9.1.0.0",
    min_compatible: "9.0.0.0",
    min_installer: Some("9.1.0.0"),
    current_date: "2025-10-28T00:00:00.000Z",
    target_date: "2026-03-31T00:00:00.000Z",
    installed: VCF_9_0_2,
    release: VCF_9_1_0,
};

impl Profile {
    pub(crate) fn of(version: VcfVersion) -> &'static Profile {
        match version {
            VcfVersion::V5_2_1 => &PROFILE_5_2_1,
            VcfVersion::V9_0_2 => &PROFILE_9_0_2,
            VcfVersion::V9_1_0 => &PROFILE_9_1_0,
        }
    }

    /// The build a domain runs before the upgrade.
    pub(crate) fn installed(&self, kind: ComponentKind) -> &'static str {
        self.installed.of(kind)
    }

    /// The build the target release brings.
    pub(crate) fn release(&self, kind: ComponentKind) -> &'static str {
        self.release.of(kind)
    }

    /// The VCF version a release `version` is dated.
    pub(crate) fn release_date(&self, version: &str) -> &'static str {
        if version == self.target {
            self.target_date
        } else {
            self.current_date
        }
    }

    /// 9.x: ESX 9 hosts are upgraded with vSphere Lifecycle Manager images only, so an ESX
    /// upgrade names one (`personalitySpec`).
    pub(crate) fn esx_needs_image(&self) -> bool {
        self.version.is_9()
    }

    /// 9.x: `getBundleDownloadStatus`, `getUpgradePreview` and the upgrade prechecks, which
    /// the 9.0.2 document declares.
    pub(crate) fn serves_9_0_calls(&self) -> bool {
        self.version.is_9()
    }

    /// 9.1: the new `/v1/upgradables/domains/{id}/...` calls and request fields of 9.1's
    /// bindings.
    pub(crate) fn serves_9_1_calls(&self) -> bool {
        self.version >= VcfVersion::V9_1_0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_5_2_1_profile_is_the_catalog() {
        let profile = Profile::of(VcfVersion::V5_2_1);
        for kind in ComponentKind::UPGRADE_ORDER {
            assert_eq!(profile.installed(kind), kind.installed_version());
            assert_eq!(profile.release(kind), kind.release_version());
        }
        assert_eq!(profile.current, crate::catalog::CURRENT_VCF_VERSION);
        assert_eq!(profile.target, crate::catalog::RELEASE_VERSION);
    }

    #[test]
    fn each_9_release_starts_where_the_one_before_ends() {
        let v902 = Profile::of(VcfVersion::V9_0_2);
        let v910 = Profile::of(VcfVersion::V9_1_0);
        assert_eq!(v902.current, Profile::of(VcfVersion::V5_2_1).target);
        assert_eq!(v910.current, v902.target);
        for kind in ComponentKind::UPGRADE_ORDER {
            assert_eq!(v910.installed(kind), v902.release(kind));
            assert!(v902.release(kind).starts_with("9.0.2"));
            assert!(v910.release(kind).starts_with("9.1.0"));
        }
        for profile in [v902, v910] {
            assert!(profile.min_compatible <= profile.current);
            assert!(profile.current < profile.target);
            // A personality name is at most 20 characters: "esx-" and the dashed build.
            assert!(format!("esx-{}", profile.release(ComponentKind::EsxHost)).len() <= 20);
        }
    }
}
