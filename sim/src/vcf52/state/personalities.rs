//! Personalities (`getPersonalities`): the ESX images in the depot, one per ESX version the
//! simulator knows (the one the hosts run before the upgrade and the one the release brings),
//! and the `softwareInfo` a host on either reports.

use crate::catalog::ComponentKind;
use crate::vcf52::profile::Profile;
use crate::vcf52::state::Vcf52State;
use crate::vcf52::wire;

/// `getPersonalities`' filters; `None` matches every personality.
#[derive(Clone, Debug, Default)]
pub(crate) struct PersonalityFilter {
    pub(crate) base_os_version: Option<String>,
    pub(crate) add_on_name: Option<String>,
    pub(crate) add_on_vendor_name: Option<String>,
    pub(crate) component_name: Option<String>,
    pub(crate) component_vendor_name: Option<String>,
    pub(crate) personality_name: Option<String>,
    /// 9.0.2's `type`: every image here is `SINGLE`.
    pub(crate) personality_type: Option<String>,
}

/// What 9.0.2's `sort` may order by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SortKey {
    PersonalityName,
    AddOnName,
    AddOnVendorName,
    BaseOsVersion,
}

impl SortKey {
    pub(crate) fn parse(name: &str) -> Option<SortKey> {
        match name {
            "personalityName" => Some(SortKey::PersonalityName),
            "addOnName" => Some(SortKey::AddOnName),
            "addOnVendorName" => Some(SortKey::AddOnVendorName),
            "baseOSVersion" => Some(SortKey::BaseOsVersion),
            _ => None,
        }
    }

    /// The personality's value of the key; the images have no add-on, so those sort as empty.
    fn value(self, personality: &wire::Personality) -> &str {
        match self {
            SortKey::PersonalityName => &personality.personality_name,
            SortKey::BaseOsVersion => &personality.software_info.base_image.version,
            SortKey::AddOnName | SortKey::AddOnVendorName => "",
        }
    }
}

/// One key of a `sort`, ascending unless `descending`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sort {
    pub(crate) key: SortKey,
    pub(crate) descending: bool,
}

/// The VCF release an ESX version belongs to and when it was released.
fn release_of(profile: &Profile, esx_version: &str) -> (&'static str, &'static str) {
    if esx_version == profile.release(ComponentKind::EsxHost) {
        (profile.target, profile.target_date)
    } else {
        (profile.current, profile.current_date)
    }
}

fn personality_id(number: usize) -> String {
    format!("00000000-0000-4000-c000-{number:012}")
}

/// The ESX images in the depot: the hosts' version before the upgrade, then the target's.
fn images(profile: &Profile) -> [&'static str; 2] {
    [
        profile.installed(ComponentKind::EsxHost),
        profile.release(ComponentKind::EsxHost),
    ]
}

/// The ESX version of the personality `id`, if the depot has it.
pub(super) fn image_version(profile: &Profile, id: &str) -> Option<&'static str> {
    images(profile)
        .into_iter()
        .enumerate()
        .find(|(position, _)| personality_id(position + 1) == id)
        .map(|(_, version)| version)
}

fn personality(profile: &Profile, number: usize, esx_version: &str) -> wire::Personality {
    let (vcf_version, released) = release_of(profile, esx_version);
    let id = personality_id(number);
    // The pattern `^[a-zA-Z\d\-]{3,20}$`: "esx-8-0-3-24280767" is 18 characters.
    let name = format!("esx-{}", esx_version.replace('.', "-"));
    let path = format!("/nfs/vmware/vcf/nfs-mount/personality/{id}/{name}");
    let build: u64 = esx_version
        .rsplit('-')
        .next()
        .and_then(|build| build.parse().ok())
        .unwrap_or_default();
    wire::Personality {
        version: esx_version.to_owned(),
        personality_id: id,
        description: format!("ESXi {esx_version} image of VMware Cloud Foundation {vcf_version}"),
        created_by: String::from("VMware"),
        image_size: String::from("629145600"),
        image_checksum: format!("{build:064x}"),
        vsphere_exported_zip_path: format!("{path}.zip"),
        vsphere_exported_iso_path: format!("{path}.iso"),
        vsphere_exported_json_path: format!("{path}.json"),
        display_name: format!("VCF {vcf_version} ESXi {esx_version}"),
        import_timestamp: String::from(released),
        software_info: Vcf52State::software_info(profile, esx_version),
        personality_name: name,
    }
}

impl Vcf52State {
    /// The image of an ESX version, as a host on it and its personality report it.
    pub(super) fn software_info(profile: &Profile, esx_version: &str) -> wire::SoftwareInfo {
        wire::SoftwareInfo {
            base_image: wire::BaseImageInfo {
                version: esx_version.to_owned(),
                details: wire::BaseImageDetails {
                    display_name: format!("ESXi {esx_version}"),
                    display_version: esx_version.to_owned(),
                    release_timestamp: String::from(release_of(profile, esx_version).1),
                },
            },
        }
    }

    /// `getPersonalities`, filtered and sorted (by name unless `sort` says otherwise).
    pub(crate) fn personalities(
        &self,
        filter: &PersonalityFilter,
        sort: &[Sort],
    ) -> Vec<wire::Personality> {
        let profile = self.profile;
        let mut found: Vec<wire::Personality> = images(profile)
            .into_iter()
            .enumerate()
            .map(|(position, version)| personality(profile, position + 1, version))
            .filter(|found| {
                let base = &found.software_info.base_image.version;
                filter.base_os_version.as_ref().is_none_or(|want| want == base)
                && filter
                    .personality_name
                    .as_ref()
                    .is_none_or(|want| *want == found.personality_name)
                && filter
                    .personality_type
                    .as_ref()
                    .is_none_or(|want| want == "SINGLE")
                // No image has an add-on or extra components to match.
                && filter.add_on_name.is_none()
                && filter.add_on_vendor_name.is_none()
                && filter.component_name.is_none()
                && filter.component_vendor_name.is_none()
            })
            .collect();
        let default = [Sort {
            key: SortKey::PersonalityName,
            descending: false,
        }];
        let keys = if sort.is_empty() { &default[..] } else { sort };
        found.sort_by(|left, right| {
            keys.iter()
                .map(|sort| {
                    let order = sort.key.value(left).cmp(sort.key.value(right));
                    if sort.descending {
                        order.reverse()
                    } else {
                        order
                    }
                })
                .find(|order| order.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        found
    }
}
