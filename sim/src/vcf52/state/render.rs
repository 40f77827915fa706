//! Spellings the answers of several concerns share: product names, bundle types and
//! timestamps.

use std::time::{Duration, UNIX_EPOCH};

use crate::catalog::ComponentKind;
use crate::clock::{Clock, SimTime};

/// The public product name of a component, for bills of materials.
pub(super) fn public_name(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC Manager",
        ComponentKind::NsxTManager => "VMware NSX",
        ComponentKind::Vcenter => "VMware vCenter Server",
        ComponentKind::EsxHost => "VMware ESXi",
    }
}

/// The name a component has in a release's `bom`.
pub(crate) fn bom_name(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC_MANAGER_VCF",
        other => other.wire_name(),
    }
}

pub(super) fn epoch_millis(clock: &Clock, at: SimTime) -> i64 {
    clock
        .wall_time(at)
        .duration_since(UNIX_EPOCH)
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub(super) fn bundle_type(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::SddcManager => "SDDC_MANAGER",
        _ => "VMWARE_SOFTWARE",
    }
}

pub(super) fn timestamps(
    clock: &Clock,
    started: SimTime,
    duration: Duration,
    done: bool,
) -> (String, Option<String>) {
    (
        clock.timestamp(started),
        done.then(|| clock.timestamp(started.saturating_add(duration))),
    )
}
