//! The vSphere estate under SDDC Manager: each cluster with its hosts' capacity, and whether a
//! cluster can lose its largest host for a rolling ESX upgrade (each host enters maintenance
//! mode in turn, its load moved to the others).

use serde::Serialize;

/// One ESX host's figures (`getHosts`: `Host.cpu`, `.memory`, `.storage`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstateHost {
    pub id: String,
    pub fqdn: String,
    pub esxi_version: Option<String>,
    pub status: Option<String>,
    pub cpu_total_mhz: f64,
    pub cpu_used_mhz: f64,
    pub memory_total_mb: f64,
    pub memory_used_mb: f64,
    pub storage_total_mb: f64,
    pub storage_used_mb: f64,
}

/// One cluster of a domain, with its hosts and its rolling-upgrade headroom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstateCluster {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    /// `primaryDatastoreType` is `VSAN`.
    pub vsan: bool,
    /// vSAN's storage policy: host failures its objects survive (`failuresToTolerate`).
    pub failures_to_tolerate: Option<u32>,
    pub hosts: Vec<EstateHost>,
    pub headroom: Headroom,
}

impl EstateCluster {
    /// Why this cluster has no headroom, for the operator: "Cluster cl-1 has no headroom for
    /// a rolling ESX upgrade: memory 1200 GB used, 1024 GB without its largest host".
    pub fn headroom_warning(&self) -> String {
        let h = &self.headroom;
        let mut reasons = Vec::new();
        if !h.cpu_fits {
            reasons.push(format!(
                "CPU {:.1} GHz used, {:.1} GHz without its largest host",
                h.cpu_used_mhz / 1000.0,
                h.cpu_without_largest_mhz / 1000.0
            ));
        }
        if !h.memory_fits {
            reasons.push(format!(
                "memory {:.0} GB used, {:.0} GB without its largest host",
                h.memory_used_mb / 1024.0,
                h.memory_without_largest_mb / 1024.0
            ));
        }
        if let (Some(false), Some(needed)) = (h.vsan_fits, h.vsan_hosts_needed) {
            reasons.push(format!(
                "vSAN's storage policy needs {needed} hosts besides the one in maintenance, \
                 the cluster has {} in all",
                self.hosts.len()
            ));
        }
        format!(
            "Cluster {} has no headroom for a rolling ESX upgrade: {}",
            self.name,
            reasons.join("; ")
        )
    }
}

/// Whether a cluster's load fits on its hosts with the largest one in maintenance mode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headroom {
    /// CPU, memory and (with vSAN) the host count all fit.
    pub fits: bool,
    pub cpu_fits: bool,
    pub memory_fits: bool,
    /// `None` without vSAN.
    pub vsan_fits: Option<bool>,
    pub cpu_used_mhz: f64,
    /// The CPU left with the largest host (by CPU) out.
    pub cpu_without_largest_mhz: f64,
    pub memory_used_mb: f64,
    pub memory_without_largest_mb: f64,
    /// Hosts vSAN's policy needs while one is in maintenance: `2 × failures_to_tolerate + 1`
    /// (mirroring), so the cluster needs one more than that.
    pub vsan_hosts_needed: Option<u32>,
}

impl Headroom {
    /// The headroom of hosts `hosts`; `vsan_failures_to_tolerate` for a vSAN cluster.
    ///
    /// A cluster of one host never fits (its load has nowhere to go). Figures are what SDDC
    /// Manager reports now, not peaks: a fit is necessary, not a promise.
    pub fn of(hosts: &[EstateHost], vsan_failures_to_tolerate: Option<u32>) -> Headroom {
        let cpu_used_mhz: f64 = hosts.iter().map(|h| h.cpu_used_mhz).sum();
        let memory_used_mb: f64 = hosts.iter().map(|h| h.memory_used_mb).sum();
        let without_largest = |total: fn(&EstateHost) -> f64| {
            let sum: f64 = hosts.iter().map(total).sum();
            let largest = hosts.iter().map(total).fold(0.0, f64::max);
            sum - largest
        };
        let cpu_without_largest_mhz = without_largest(|h| h.cpu_total_mhz);
        let memory_without_largest_mb = without_largest(|h| h.memory_total_mb);
        let cpu_fits = hosts.len() > 1 && cpu_used_mhz <= cpu_without_largest_mhz;
        let memory_fits = hosts.len() > 1 && memory_used_mb <= memory_without_largest_mb;
        let vsan_hosts_needed = vsan_failures_to_tolerate.map(|ftt| 2 * ftt + 1);
        let vsan_fits =
            vsan_hosts_needed.map(|needed| u32::try_from(hosts.len()).unwrap_or(u32::MAX) > needed);
        Headroom {
            fits: cpu_fits && memory_fits && vsan_fits.unwrap_or(true),
            cpu_fits,
            memory_fits,
            vsan_fits,
            cpu_used_mhz,
            cpu_without_largest_mhz,
            memory_used_mb,
            memory_without_largest_mb,
            vsan_hosts_needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(cpu_total: f64, cpu_used: f64, memory_total: f64, memory_used: f64) -> EstateHost {
        EstateHost {
            id: "h".into(),
            fqdn: "esx.example".into(),
            esxi_version: None,
            status: None,
            cpu_total_mhz: cpu_total,
            cpu_used_mhz: cpu_used,
            memory_total_mb: memory_total,
            memory_used_mb: memory_used,
            storage_total_mb: 0.0,
            storage_used_mb: 0.0,
        }
    }

    #[test]
    fn a_cluster_whose_load_fits_without_its_largest_host_has_headroom() {
        let hosts = vec![host(100.0, 40.0, 512.0, 200.0); 4];
        let headroom = Headroom::of(&hosts, None);
        assert!(headroom.fits, "{headroom:?}");
        assert_eq!(headroom.cpu_used_mhz, 160.0);
        assert_eq!(headroom.cpu_without_largest_mhz, 300.0);
        assert_eq!(headroom.vsan_fits, None);
    }

    #[test]
    fn memory_that_does_not_fit_on_the_other_hosts_is_no_headroom() {
        let hosts = vec![
            host(100.0, 10.0, 512.0, 450.0),
            host(100.0, 10.0, 512.0, 450.0),
            host(100.0, 10.0, 1024.0, 100.0),
        ];
        let headroom = Headroom::of(&hosts, None);
        assert!(headroom.cpu_fits);
        // 1000 MB used, 1024 left without the largest (1024 MB) host: it fits.
        assert!(headroom.memory_fits, "{headroom:?}");
        let tight = vec![host(100.0, 10.0, 512.0, 400.0); 2];
        let headroom = Headroom::of(&tight, None);
        assert!(!headroom.memory_fits && !headroom.fits, "{headroom:?}");
        assert_eq!(headroom.memory_without_largest_mb, 512.0);
    }

    #[test]
    fn vsan_needs_more_hosts_than_its_policy_while_one_is_out() {
        let three = vec![host(100.0, 1.0, 512.0, 1.0); 3];
        let headroom = Headroom::of(&three, Some(1));
        assert_eq!(headroom.vsan_hosts_needed, Some(3));
        assert_eq!(headroom.vsan_fits, Some(false));
        assert!(headroom.cpu_fits && headroom.memory_fits && !headroom.fits);
        let four = vec![host(100.0, 1.0, 512.0, 1.0); 4];
        assert!(Headroom::of(&four, Some(1)).fits);
        assert_eq!(Headroom::of(&four, Some(0)).vsan_fits, Some(true));
    }

    #[test]
    fn one_host_has_nowhere_to_move_its_load() {
        let headroom = Headroom::of(&[host(100.0, 1.0, 512.0, 1.0)], None);
        assert!(!headroom.fits && !headroom.cpu_fits && !headroom.memory_fits);
        assert!(!Headroom::of(&[], None).fits);
    }
}
