//! The vSphere estate of each domain: its clusters, their ESX hosts and the capacity they add
//! up to (`getClusters`, `getCluster`, `getHosts`, `getHost`, `Domain.capacity`).
//!
//! Nothing is stored per cluster or host: every fact follows from the domain's index, the
//! cluster's and the host's number, and the domain's upgrades, so a large estate costs nothing
//! until it is asked for.

use crate::api_error::ApiError;
use crate::catalog::{self, ComponentKind};
use crate::clock::SimTime;
use crate::vcf52::state::domain::resource_id;
use crate::vcf52::state::{not_found, Domain52, Vcf52State};
use crate::vcf52::wire;

/// How many clusters each domain has and how many hosts each cluster
/// (`--clusters-per-domain`, `--hosts-per-cluster`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    pub(crate) clusters: usize,
    pub(crate) hosts_per_cluster: usize,
}

/// The resource number of a domain's second cluster; the first is the domain's `ESX_HOST`
/// resource (number 4), and 1 to 5 name its other resources.
const SECOND_CLUSTER_NUMBER: usize = 11;
/// Every host is the same server: two 16-core packages at 2.6 GHz, 512 GiB, two 3.84 TB
/// flash disks for vSAN.
const CPU_PACKAGES: u32 = 2;
const CORES: u32 = 32;
const CORE_MHZ: u64 = 2_600;
const MEMORY_MB: u64 = 524_288;
const DISK_MB: u64 = 3_840_000;
const DISKS: u64 = 2;

/// Host ids: `00000000-0000-4000-b001-{domain:08}{cluster:02}{host:02}`.
const HOST_ID_PREFIX: &str = "00000000-0000-4000-b001-";
/// The prefix of a domain's resource ids (`resource_id`), cluster ids among them.
const RESOURCE_ID_PREFIX: &str = "00000000-0000-4000-b000-";

/// What one host uses, in MHz and MB: fixed per host, varied between hosts and domains so
/// that sums are not all multiples of one host.
#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    cores: u32,
    packages: u32,
    cpu_total_mhz: u64,
    cpu_used_mhz: u64,
    memory_total_mb: u64,
    memory_used_mb: u64,
    storage_total_mb: u64,
    storage_used_mb: u64,
}

impl Usage {
    fn of_host(domain: usize, number: usize) -> Usage {
        let percent = |base: usize, factor: usize, spread: usize| {
            let varied = number
                .wrapping_mul(factor)
                .wrapping_add(domain.wrapping_mul(3))
                % spread;
            u64::try_from(base + varied).unwrap_or(100)
        };
        let cpu_total_mhz = u64::from(CORES) * CORE_MHZ;
        let storage_total_mb = DISK_MB * DISKS;
        Usage {
            cores: CORES,
            packages: CPU_PACKAGES,
            cpu_total_mhz,
            cpu_used_mhz: cpu_total_mhz * percent(20, 7, 40) / 100,
            memory_total_mb: MEMORY_MB,
            memory_used_mb: MEMORY_MB * percent(35, 11, 40) / 100,
            storage_total_mb,
            storage_used_mb: storage_total_mb * percent(25, 13, 40) / 100,
        }
    }

    fn add(self, other: Usage) -> Usage {
        Usage {
            cores: self.cores + other.cores,
            packages: self.packages + other.packages,
            cpu_total_mhz: self.cpu_total_mhz + other.cpu_total_mhz,
            cpu_used_mhz: self.cpu_used_mhz + other.cpu_used_mhz,
            memory_total_mb: self.memory_total_mb + other.memory_total_mb,
            memory_used_mb: self.memory_used_mb + other.memory_used_mb,
            storage_total_mb: self.storage_total_mb + other.storage_total_mb,
            storage_used_mb: self.storage_used_mb + other.storage_used_mb,
        }
    }

    /// As a `Capacity`: GHz, GB and TB (binary), to two decimals, as the vSphere Client shows.
    fn capacity(self) -> wire::Capacity {
        let metric = |value: u64, divisor: f64, unit| wire::Metric {
            value: ((value as f64) / divisor * 100.0).round() / 100.0,
            unit,
        };
        wire::Capacity {
            cpu: wire::CpuInfo {
                used: metric(self.cpu_used_mhz, 1_000.0, "GHz"),
                total: metric(self.cpu_total_mhz, 1_000.0, "GHz"),
                number_of_cores: self.cores,
                number_of_cpu_packages: self.packages,
            },
            memory: wire::DataUsage {
                used: metric(self.memory_used_mb, 1_024.0, "GB"),
                total: metric(self.memory_total_mb, 1_024.0, "GB"),
            },
            storage: wire::DataUsage {
                used: metric(self.storage_used_mb, 1_048_576.0, "TB"),
                total: metric(self.storage_total_mb, 1_048_576.0, "TB"),
            },
        }
    }
}

/// `getClusters`' filters; `None` matches every cluster.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClusterFilter {
    pub(crate) domain_id: Option<String>,
    pub(crate) is_stretched: Option<bool>,
    pub(crate) is_image_based: Option<bool>,
}

/// `getHosts`' filters; `None` matches every host, a list matches any of its values.
#[derive(Clone, Debug, Default)]
pub(crate) struct HostFilter {
    pub(crate) fqdn: Option<String>,
    pub(crate) statuses: Option<Vec<String>>,
    pub(crate) domain_id: Option<String>,
    pub(crate) cluster_id: Option<String>,
    pub(crate) networkpool_id: Option<String>,
    pub(crate) storage_types: Option<Vec<String>>,
    pub(crate) datastore_name: Option<String>,
}

fn wanted(filter: Option<&str>, value: &str) -> bool {
    filter.is_none_or(|wanted| wanted == value)
}

fn wanted_any(filter: Option<&[String]>, value: &str) -> bool {
    filter.is_none_or(|wanted| wanted.iter().any(|one| one == value))
}

/// An id `{prefix}{domain:08}{aa:02}{bb:02}` read back as `(domain, aa, bb)`: a host's
/// cluster and host, or a resource's number split in two.
fn id_numbers(id: &str, prefix: &str) -> Option<(usize, usize, usize)> {
    let digits = id.strip_prefix(prefix)?;
    if digits.len() != 12 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<usize>().ok();
    Some((number(0..8)?, number(8..10)?, number(10..12)?))
}

impl Domain52 {
    /// The domain's cluster numbers, 1-based.
    pub(super) fn cluster_numbers(&self) -> std::ops::RangeInclusive<usize> {
        1..=self.shape.clusters
    }

    pub(super) fn cluster_id_of(&self, cluster: usize) -> String {
        if cluster == 1 {
            self.resource_id(ComponentKind::EsxHost)
        } else {
            resource_id(self.index, SECOND_CLUSTER_NUMBER + cluster - 2)
        }
    }

    pub(super) fn cluster_name_of(&self, cluster: usize) -> String {
        if cluster == 1 {
            self.resource_name(ComponentKind::EsxHost)
        } else {
            format!(
                "{}-{cluster:02}",
                self.resource_name(ComponentKind::EsxHost)
            )
        }
    }

    /// Every cluster's id, for checking the ids an upgrade names.
    pub(super) fn cluster_ids(&self) -> Vec<String> {
        self.cluster_numbers()
            .map(|cluster| self.cluster_id_of(cluster))
            .collect()
    }

    /// The cluster with this id, if it is one of the domain's.
    fn cluster_number(&self, id: &str) -> Option<usize> {
        self.cluster_numbers()
            .find(|&cluster| self.cluster_id_of(cluster) == id)
    }

    pub(super) fn hosts_per_cluster(&self) -> usize {
        self.shape.hosts_per_cluster
    }

    /// Hosts are numbered through the domain: cluster 2's first host follows cluster 1's last.
    fn host_number(&self, cluster: usize, host: usize) -> usize {
        (cluster - 1) * self.shape.hosts_per_cluster + host
    }

    pub(super) fn host_id(&self, cluster: usize, host: usize) -> String {
        format!("{HOST_ID_PREFIX}{:08}{cluster:02}{host:02}", self.index)
    }

    pub(super) fn host_fqdn(&self, cluster: usize, host: usize) -> String {
        format!(
            "esx-{:02}.{}.vcf.sim",
            self.host_number(cluster, host),
            self.name
        )
    }

    fn networkpool(&self) -> wire::NetworkPoolReference {
        wire::NetworkPoolReference {
            id: resource_id(self.index, 6),
            name: format!("np-{}", self.name),
        }
    }

    fn datastore_name(&self, cluster: usize) -> String {
        format!("{}-vsan01", self.cluster_name_of(cluster))
    }

    fn reference(&self) -> wire::DomainReference {
        wire::DomainReference {
            id: self.id.clone(),
            name: self.name.clone(),
            domain_type: String::from(catalog::domain_type(self.index)),
        }
    }

    /// Clusters and hosts report `UPGRADING` while the domain's ESX bundle upgrades.
    fn estate_status(&self, now: SimTime) -> &'static str {
        let esx_upgrading = self.running_upgrade(now).is_some_and(|upgrade| {
            self.bundles
                .get(upgrade.bundle)
                .is_some_and(|bundle| bundle.kind == ComponentKind::EsxHost)
        });
        if esx_upgrading {
            "UPGRADING"
        } else {
            "ACTIVE"
        }
    }

    fn cluster_usage(&self, cluster: usize) -> Usage {
        (1..=self.shape.hosts_per_cluster)
            .map(|host| Usage::of_host(self.index, self.host_number(cluster, host)))
            .fold(Usage::default(), Usage::add)
    }

    /// `Domain.capacity`: every cluster's hosts together.
    pub(super) fn capacity(&self) -> wire::Capacity {
        self.cluster_numbers()
            .map(|cluster| self.cluster_usage(cluster))
            .fold(Usage::default(), Usage::add)
            .capacity()
    }

    fn render_cluster(&self, cluster: usize, now: SimTime) -> wire::Cluster {
        wire::Cluster {
            id: self.cluster_id_of(cluster),
            domain: self.reference(),
            name: self.cluster_name_of(cluster),
            status: String::from(self.estate_status(now)),
            primary_datastore_name: self.datastore_name(cluster),
            primary_datastore_type: String::from("VSAN"),
            hosts: (1..=self.shape.hosts_per_cluster)
                .map(|host| wire::HostReference {
                    id: self.host_id(cluster, host),
                    fqdn: self.host_fqdn(cluster, host),
                })
                .collect(),
            is_stretched: false,
            // The cluster the domain was created with.
            is_default: cluster == 1,
            // vSAN needs three hosts to keep one failure's data.
            failures_to_tolerate: u32::from(self.shape.hosts_per_cluster >= 3),
            // The domains' lifecycle mode is IMAGES.
            is_image_based: true,
            capacity: self.cluster_usage(cluster).capacity(),
            vcenter: wire::VcenterReference {
                id: self.vcenter_id(),
                fqdn: self.resource_name(ComponentKind::Vcenter),
            },
        }
    }

    fn render_host(&self, cluster: usize, host: usize, now: SimTime) -> wire::Host {
        let number = self.host_number(cluster, host);
        let usage = Usage::of_host(self.index, number);
        let version = self.component_version(ComponentKind::EsxHost, now);
        wire::Host {
            id: self.host_id(cluster, host),
            serial_number: format!("SIM{:05}{cluster:02}{host:02}", self.index),
            esxi_version: String::from(version),
            fqdn: self.host_fqdn(cluster, host),
            hardware_vendor: String::from("Dell Inc."),
            hardware_model: String::from("PowerEdge R650"),
            cpu: wire::Cpu {
                frequency_mhz: usage.cpu_total_mhz as f64,
                used_frequency_mhz: usage.cpu_used_mhz as f64,
                cores: usage.cores,
            },
            memory: wire::Memory {
                total_capacity_mb: usage.memory_total_mb as f64,
                used_capacity_mb: usage.memory_used_mb as f64,
            },
            storage: wire::Storage {
                total_capacity_mb: usage.storage_total_mb as f64,
                used_capacity_mb: usage.storage_used_mb as f64,
                disks: (0..DISKS)
                    .map(|_| wire::Disk {
                        capacity_mb: DISK_MB as f64,
                        disk_type: String::from("FLASH"),
                        manufacturer: String::from("Samsung"),
                        model: String::from("PM1733"),
                    })
                    .collect(),
            },
            domain: self.reference(),
            networkpool: self.networkpool(),
            cluster: wire::ClusterReference {
                id: self.cluster_id_of(cluster),
                name: self.cluster_name_of(cluster),
            },
            status: String::from("ASSIGNED"),
            compatible_storage_type: String::from("VSAN"),
            hybrid: false,
            software_info: Vcf52State::software_info(self.profile, version),
            configuration_status: String::from(self.estate_status(now)),
            datastore_type: String::from("VSAN"),
        }
    }
}

impl Vcf52State {
    /// `getClusters`: every domain's clusters, in domain order.
    pub(crate) fn clusters(&self, filter: &ClusterFilter, now: SimTime) -> Vec<wire::Cluster> {
        self.domains
            .iter()
            .filter(|domain| wanted(filter.domain_id.as_deref(), &domain.id))
            .flat_map(|domain| {
                domain
                    .cluster_numbers()
                    .map(move |cluster| domain.render_cluster(cluster, now))
            })
            .filter(|cluster| {
                filter
                    .is_stretched
                    .is_none_or(|is| is == cluster.is_stretched)
            })
            .filter(|cluster| {
                filter
                    .is_image_based
                    .is_none_or(|is| is == cluster.is_image_based)
            })
            .collect()
    }

    /// `getCluster`.
    pub(crate) fn cluster(&self, id: &str, now: SimTime) -> Result<wire::Cluster, ApiError> {
        id_numbers(id, RESOURCE_ID_PREFIX)
            .and_then(|(index, _, _)| self.domains.get(index.checked_sub(1)?))
            .and_then(|domain| {
                let cluster = domain.cluster_number(id)?;
                Some(domain.render_cluster(cluster, now))
            })
            .ok_or_else(|| {
                not_found(
                    "CLUSTER_NOT_FOUND",
                    format!("Cluster with id {id} not found"),
                )
            })
    }

    /// `getHosts`: every domain's hosts, cluster by cluster.
    pub(crate) fn hosts(&self, filter: &HostFilter, now: SimTime) -> Vec<wire::Host> {
        let mut hosts = Vec::new();
        for domain in &self.domains {
            if !wanted(filter.domain_id.as_deref(), &domain.id)
                || !wanted(filter.networkpool_id.as_deref(), &domain.networkpool().id)
            {
                continue;
            }
            for cluster in domain.cluster_numbers() {
                if !wanted(filter.cluster_id.as_deref(), &domain.cluster_id_of(cluster))
                    || !wanted(
                        filter.datastore_name.as_deref(),
                        &domain.datastore_name(cluster),
                    )
                {
                    continue;
                }
                hosts.extend(
                    (1..=domain.shape.hosts_per_cluster)
                        .map(|host| domain.render_host(cluster, host, now))
                        .filter(|host| {
                            wanted(filter.fqdn.as_deref(), &host.fqdn)
                                && wanted_any(filter.statuses.as_deref(), &host.status)
                                && wanted_any(filter.storage_types.as_deref(), &host.datastore_type)
                        }),
                );
            }
        }
        hosts
    }

    /// `getHost`.
    pub(crate) fn host(&self, id: &str, now: SimTime) -> Result<wire::Host, ApiError> {
        id_numbers(id, HOST_ID_PREFIX)
            .and_then(|(index, cluster, host)| {
                let domain = self.domains.get(index.checked_sub(1)?)?;
                let known = domain.cluster_numbers().contains(&cluster)
                    && (1..=domain.shape.hosts_per_cluster).contains(&host);
                known.then(|| domain.render_host(cluster, host, now))
            })
            .ok_or_else(|| not_found("HOST_NOT_FOUND", format!("Host with id {id} not found")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_parsed_back_only_when_well_formed() {
        assert_eq!(
            id_numbers("00000000-0000-4000-b001-000000120304", HOST_ID_PREFIX),
            Some((12, 3, 4))
        );
        for bad in [
            "00000000-0000-4000-b001-00000012030",
            "00000000-0000-4000-b001-0000001203045",
            "00000000-0000-4000-b001-00000012030x",
            "00000000-0000-4000-b000-000000120304",
            "",
        ] {
            assert_eq!(id_numbers(bad, HOST_ID_PREFIX), None, "{bad}");
        }
    }

    #[test]
    fn capacities_add_up_and_are_rounded() {
        let one = Usage::of_host(1, 1);
        let two = one.add(Usage::of_host(1, 2));
        assert_eq!(two.cores, 2 * CORES);
        let capacity = two.capacity();
        assert_eq!(capacity.cpu.total.value, 166.4);
        assert_eq!(capacity.memory.total.value, 1_024.0);
        assert!(capacity.cpu.used.value < capacity.cpu.total.value);
        assert!(capacity.storage.used.value < capacity.storage.total.value);
    }
}
