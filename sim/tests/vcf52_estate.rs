//! The `vcf52` dialect's estate calls (`getBundles`, `getClusters`, `getCluster`, `getHosts`,
//! `getHost`, `getPersonalities` and `Domain.capacity`) over HTTP, every answer validated
//! closed against VMware's 5.2.1 and 9.0.2 documents.

mod common;

use std::time::Duration;

use common::vcf52::{config52, target_and_download, walk_domain, Answer, Client52, Ending};
use common::{bounded, POLL};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vcf_sim::SimConfig;

const ESX_BEFORE: &str = "8.0.2-23305546";
const ESX_AFTER: &str = "8.0.3-24280767";

fn elements(answer: &Answer) -> &Vec<Value> {
    answer.body["elements"].as_array().expect("elements")
}

fn ids(answer: &Answer) -> Vec<String> {
    elements(answer)
        .iter()
        .map(|element| element["id"].as_str().expect("id").to_owned())
        .collect()
}

fn config_with(clusters_per_domain: usize, hosts_per_cluster: usize, domains: usize) -> SimConfig {
    SimConfig {
        clusters_per_domain,
        hosts_per_cluster,
        ..config52(domains, &[])
    }
}

fn assert_refused(answer: &Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.body["errorCode"], code, "{}", answer.body);
}

// --- Every call, both documents ------------------------------------------------------------

#[tokio::test]
async fn every_estate_call_fits_both_documents() {
    bounded(async {
        let client = Client52::start(config52(2, &[])).await;
        let (management, workload) = (client.domain(1), client.domain(2));

        // Bundles: one per component per domain, filterable as the spec documents.
        let bundles = client.get_both("/v1/bundles", &[], None).await;
        assert_eq!(bundles.status, StatusCode::OK);
        assert_eq!(elements(&bundles).len(), 4 + 3);
        for bundle in elements(&bundles) {
            assert_eq!(bundle["downloadStatus"], "PENDING");
            assert_eq!(bundle["isCompliant"], true);
            let one = client
                .get(
                    "/v1/bundles/{id}",
                    &[bundle["id"].as_str().expect("id")],
                    None,
                )
                .await;
            assert_eq!(one.body["components"], bundle["components"]);
        }
        let vcenters = client
            .get_both("/v1/bundles", &[], Some("productType=VCENTER"))
            .await;
        assert_eq!(elements(&vcenters).len(), 2);
        assert!(elements(&vcenters)
            .iter()
            .all(|bundle| bundle["components"][0]["type"] == "VCENTER"));
        let sddc = client
            .get_both("/v1/bundles", &[], Some("bundleType=SDDC_MANAGER"))
            .await;
        assert_eq!(ids(&sddc), ["00000000-0000-4000-a000-000000010001"]);
        let not_compliant = client
            .get_both("/v1/bundles", &[], Some("isCompliant=false"))
            .await;
        assert!(elements(&not_compliant).is_empty());
        let both = client
            .get_both(
                "/v1/bundles",
                &[],
                Some("isCompliant=true&bundleType=VMWARE_SOFTWARE&productType=ESX_HOST"),
            )
            .await;
        assert_eq!(elements(&both).len(), 2);

        // Clusters: one per domain by default, with its four hosts.
        let clusters = client.get_both("/v1/clusters", &[], None).await;
        assert_eq!(
            ids(&clusters),
            [
                "00000000-0000-4000-b000-000000010004",
                "00000000-0000-4000-b000-000000020004"
            ]
        );
        let cluster = &elements(&clusters)[1];
        assert_eq!(cluster["name"], "cl-wld-01");
        assert_eq!(cluster["domain"]["id"], workload.as_str());
        assert_eq!(cluster["domain"]["type"], "VI");
        assert_eq!(cluster["status"], "ACTIVE");
        assert_eq!(cluster["primaryDatastoreName"], "cl-wld-01-vsan01");
        assert_eq!(cluster["primaryDatastoreType"], "VSAN");
        assert_eq!(cluster["isStretched"], false);
        assert_eq!(cluster["isImageBased"], true);
        assert_eq!(cluster["isDefault"], true);
        assert_eq!(cluster["failuresToTolerate"], 1);
        assert_eq!(cluster["vcenter"]["fqdn"], "vc-wld-01.vcf.sim");
        assert_eq!(cluster["hosts"].as_array().map(Vec::len), Some(4));
        assert_eq!(cluster["hosts"][0]["fqdn"], "esx-01.wld-01.vcf.sim");
        assert_eq!(
            cluster["capacity"]["cpu"]["total"],
            json!({"value": 332.8, "unit": "GHz"})
        );
        assert_eq!(cluster["capacity"]["cpu"]["numberOfCores"], 128);
        assert_eq!(cluster["capacity"]["cpu"]["numberOfCPUPackages"], 8);
        assert_eq!(
            cluster["capacity"]["memory"]["total"],
            json!({"value": 2048.0, "unit": "GB"})
        );
        let workload_query = format!("domainId={workload}");
        let of_workload = client
            .get_both("/v1/clusters", &[], Some(&workload_query))
            .await;
        assert_eq!(elements(&of_workload), &vec![cluster.clone()]);
        let one = client
            .get_both(
                "/v1/clusters/{id}",
                &[cluster["id"].as_str().expect("id")],
                None,
            )
            .await;
        assert_eq!(one.status, StatusCode::OK);
        assert_eq!(&one.body, cluster);
        for (query, count) in [
            ("isStretched=false", 2),
            ("isStretched=true", 0),
            ("isImageBased=true", 2),
            ("isImageBased=false", 0),
            ("domainId=00000000-0000-4000-8000-000000000009", 0),
        ] {
            let filtered = client.get_both("/v1/clusters", &[], Some(query)).await;
            assert_eq!(elements(&filtered).len(), count, "{query}");
        }

        // The domain's clusters and capacity are those clusters'.
        let domain = client
            .get_both("/v1/domains/{id}", &[&workload], None)
            .await;
        assert_eq!(
            domain.body["clusters"],
            json!([{"id": cluster["id"], "name": "cl-wld-01"}])
        );
        assert_eq!(domain.body["capacity"], cluster["capacity"]);
        let domains = client.get_both("/v1/domains", &[], None).await;
        assert_eq!(elements(&domains)[1]["capacity"], cluster["capacity"]);
        assert_ne!(
            elements(&domains)[0]["capacity"]["cpu"]["used"],
            cluster["capacity"]["cpu"]["used"],
            "usage differs between domains"
        );

        // Hosts: filters as documented.
        let hosts = client.get_both("/v1/hosts", &[], None).await;
        assert_eq!(elements(&hosts).len(), 8);
        let host = &elements(&hosts)[4];
        assert_eq!(host["id"], "00000000-0000-4000-b001-000000020101");
        assert_eq!(host["fqdn"], "esx-01.wld-01.vcf.sim");
        assert_eq!(host["esxiVersion"], ESX_BEFORE);
        assert_eq!(host["status"], "ASSIGNED");
        assert_eq!(host["configurationStatus"], "ACTIVE");
        assert_eq!(host["domain"]["id"], workload.as_str());
        assert_eq!(host["cluster"]["id"], cluster["id"]);
        assert_eq!(host["cpu"]["cores"], 32);
        assert_eq!(host["memory"]["totalCapacityMB"], 524288.0);
        assert_eq!(host["storage"]["disks"].as_array().map(Vec::len), Some(2));
        assert_eq!(host["softwareInfo"]["baseImage"]["version"], ESX_BEFORE);
        let one = client
            .get_both("/v1/hosts/{id}", &[host["id"].as_str().expect("id")], None)
            .await;
        assert_eq!(one.status, StatusCode::OK);
        assert_eq!(&one.body, host);
        let cluster_query = format!("clusterId={}", cluster["id"].as_str().expect("id"));
        let management_query = format!("domainId={management}");
        let networkpool_query = format!(
            "networkpoolId={}",
            host["networkpool"]["id"].as_str().expect("networkpool")
        );
        for (query, count) in [
            (cluster_query.as_str(), 4),
            (management_query.as_str(), 4),
            (networkpool_query.as_str(), 4),
            ("status=ASSIGNED", 8),
            ("status=UNASSIGNED_USEABLE", 0),
            ("status=UNASSIGNED_USEABLE,ASSIGNED", 8),
            ("storageType=VSAN", 8),
            ("storageType=NFS", 0),
            ("datastoreName=cl-mgmt-domain-vsan01", 4),
            ("fqdn=esx-02.mgmt-domain.vcf.sim", 1),
            ("fqdn=esx-09.mgmt-domain.vcf.sim", 0),
        ] {
            let filtered = client.get_both("/v1/hosts", &[], Some(query)).await;
            assert_eq!(elements(&filtered).len(), count, "{query}");
        }

        // Personalities: one image per ESX version, sorted by name unless asked otherwise.
        let images = client.get_both("/v1/personalities", &[], None).await;
        let versions: Vec<&Value> = elements(&images)
            .iter()
            .map(|image| &image["softwareInfo"]["baseImage"]["version"])
            .collect();
        assert_eq!(versions, [ESX_BEFORE, ESX_AFTER]);
        assert_eq!(
            elements(&images)[1]["personalityName"],
            "esx-8-0-3-24280767"
        );
        let newest = client
            .get_both("/v1/personalities", &[], Some("sort=baseOSVersion,desc"))
            .await;
        assert_eq!(newest.body["elements"][0]["version"], ESX_AFTER);
        let by_version = format!("baseOSVersion={ESX_AFTER}");
        for (query, count) in [
            (by_version.as_str(), 1),
            ("personalityName=esx-8-0-2-23305546", 1),
            ("type=SINGLE", 2),
            ("type=COMPOSITE", 0),
            ("addOnName=DELL-Addon", 0),
            ("componentVendorName=intel", 0),
            ("sort=personalityName,asc&sort=addOnName", 2),
            ("page=2&size=1", 1),
        ] {
            let filtered = client.get_both("/v1/personalities", &[], Some(query)).await;
            assert_eq!(elements(&filtered).len(), count, "{query}");
        }

        for expected in [
            "getBundles 200 9.0.2",
            "getClusters 200 9.0.2",
            "getCluster 200 9.0.2",
            "getHosts 200 9.0.2",
            "getHost 200 9.0.2",
            "getPersonalities 200 9.0.2",
            "getDomain 200 9.0.2",
            "getDomains 200 9.0.2",
            "getBundles 200",
            "getPersonalities 200",
        ] {
            assert!(client.saw(expected), "{expected} was not validated");
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_ids_are_404_and_malformed_parameters_400() {
    bounded(async {
        let client = Client52::start(config52(1, &[])).await;
        for (template, id, code) in [
            ("/v1/clusters/{id}", "nope", "CLUSTER_NOT_FOUND"),
            (
                "/v1/clusters/{id}",
                // Domain 1's vCenter: a resource id, but not a cluster's.
                "00000000-0000-4000-b000-000000010003",
                "CLUSTER_NOT_FOUND",
            ),
            (
                "/v1/clusters/{id}",
                "00000000-0000-4000-b000-000000020004",
                "CLUSTER_NOT_FOUND",
            ),
            ("/v1/hosts/{id}", "nope", "HOST_NOT_FOUND"),
            (
                "/v1/hosts/{id}",
                // Cluster 1 has four hosts.
                "00000000-0000-4000-b001-000000010105",
                "HOST_NOT_FOUND",
            ),
            (
                "/v1/hosts/{id}",
                "00000000-0000-4000-b001-000000010201",
                "HOST_NOT_FOUND",
            ),
            (
                "/v1/hosts/{id}",
                "00000000-0000-4000-b001-000000000101",
                "HOST_NOT_FOUND",
            ),
        ] {
            let answer = client.get_both(template, &[id], None).await;
            assert_refused(&answer, StatusCode::NOT_FOUND, code);
            assert!(answer.body["message"]
                .as_str()
                .is_some_and(|message| message.contains(id)));
        }
        for (template, query) in [
            ("/v1/bundles", "isCompliant=yes"),
            ("/v1/clusters", "isStretched=1"),
            ("/v1/clusters", "isImageBased="),
            ("/v1/hosts", "page=0"),
            ("/v1/hosts", "size=-1"),
            ("/v1/hosts", "size=2147483648"),
            ("/v1/personalities", "page=first"),
            ("/v1/personalities", "type=single"),
            ("/v1/personalities", "sort=releaseDate"),
            ("/v1/personalities", "sort=desc"),
        ] {
            let answer = client.get_both(template, &[], Some(query)).await;
            assert_refused(&answer, StatusCode::BAD_REQUEST, "INVALID_QUERY_PARAMETER");
        }
    })
    .await;
}

#[tokio::test]
async fn hosts_and_personalities_are_paged_as_9_0_2_documents() {
    bounded(async {
        let client = Client52::start(config_with(2, 3, 2)).await;
        let all = client.get_both("/v1/hosts", &[], None).await;
        assert_eq!(elements(&all).len(), 12);
        assert_eq!(
            all.body["pageMetadata"],
            json!({"pageNumber": 0, "pageSize": 12, "totalElements": 12, "totalPages": 1})
        );
        let mut seen = Vec::new();
        for (page, count) in [(1, 5), (2, 5), (3, 2), (4, 0)] {
            let query = format!("page={page}&size=5");
            let answer = client.get_both("/v1/hosts", &[], Some(&query)).await;
            assert_eq!(elements(&answer).len(), count, "{query}");
            assert_eq!(
                answer.body["pageMetadata"],
                json!({"pageNumber": page, "pageSize": 5, "totalElements": 12,
                       "totalPages": 3})
            );
            seen.extend(ids(&answer));
        }
        assert_eq!(seen, ids(&all));
        let first = client.get_both("/v1/hosts", &[], Some("size=4")).await;
        assert_eq!(ids(&first), ids(&all)[..4]);
        assert_eq!(first.body["pageMetadata"]["pageNumber"], 1);
        // Paging applies after the filters.
        let filtered = client
            .get_both(
                "/v1/hosts",
                &[],
                Some("domainId=00000000-0000-4000-8000-000000000002&page=2&size=4"),
            )
            .await;
        assert_eq!(ids(&filtered), ids(&all)[10..]);
        assert_eq!(filtered.body["pageMetadata"]["totalElements"], 6);
        let images = client
            .get_both("/v1/personalities", &[], Some("page=1"))
            .await;
        assert_eq!(images.body["pageMetadata"]["pageSize"], 2_147_483_647);
        assert_eq!(elements(&images).len(), 2);
    })
    .await;
}

#[tokio::test]
async fn the_estate_follows_the_configured_shape() {
    bounded(async {
        let client = Client52::start(config_with(3, 2, 2)).await;
        let workload = client.domain(2);
        let query = format!("domainId={workload}");
        let clusters = client.get_both("/v1/clusters", &[], Some(&query)).await;
        assert_eq!(
            ids(&clusters),
            [
                "00000000-0000-4000-b000-000000020004",
                "00000000-0000-4000-b000-000000020011",
                "00000000-0000-4000-b000-000000020012",
            ]
        );
        let names: Vec<&Value> = elements(&clusters).iter().map(|c| &c["name"]).collect();
        assert_eq!(names, ["cl-wld-01", "cl-wld-01-02", "cl-wld-01-03"]);
        let defaults: Vec<&Value> = elements(&clusters)
            .iter()
            .map(|c| &c["isDefault"])
            .collect();
        assert_eq!(defaults, [true, false, false]);
        // Two hosts cannot keep a failure's data.
        assert!(elements(&clusters)
            .iter()
            .all(|cluster| cluster["failuresToTolerate"] == 0));
        let fqdns: Vec<&Value> = elements(&clusters)
            .iter()
            .flat_map(|cluster| cluster["hosts"].as_array().expect("hosts"))
            .map(|host| &host["fqdn"])
            .collect();
        let expected: Vec<String> = (1..=6)
            .map(|number| format!("esx-{number:02}.wld-01.vcf.sim"))
            .collect();
        assert_eq!(fqdns, expected.iter().collect::<Vec<_>>());
        let third = client
            .get_both(
                "/v1/hosts",
                &[],
                Some("clusterId=00000000-0000-4000-b000-000000020012"),
            )
            .await;
        assert_eq!(
            ids(&third),
            [
                "00000000-0000-4000-b001-000000020301",
                "00000000-0000-4000-b001-000000020302"
            ]
        );
        // The domain adds its clusters up.
        let domain = client
            .get_both("/v1/domains/{id}", &[&workload], None)
            .await;
        assert_eq!(domain.body["clusters"].as_array().map(Vec::len), Some(3));
        let capacity = &domain.body["capacity"];
        assert_eq!(capacity["cpu"]["numberOfCores"], 6 * 32);
        assert_eq!(capacity["memory"]["total"]["value"], 6.0 * 512.0);
        let used: f64 = elements(&clusters)
            .iter()
            .map(|cluster| {
                cluster["capacity"]["memory"]["used"]["value"]
                    .as_f64()
                    .expect("used")
            })
            .sum();
        let reported = capacity["memory"]["used"]["value"].as_f64().expect("used");
        assert!((used - reported).abs() < 0.05, "{used} vs {reported}");
        // NSX sees every host cluster, one unit per host.
        let nsx = client
            .get(
                "/v1/upgradables/domains/{domainId}/nsxt",
                &[&workload],
                None,
            )
            .await;
        let host_clusters = nsx.body["nsxtHostClusters"].as_array().expect("clusters");
        assert_eq!(host_clusters.len(), 3);
        assert!(host_clusters
            .iter()
            .all(|cluster| cluster["totalUnits"] == 2 && cluster["upgradedUnits"] == 0));
    })
    .await;
}

#[tokio::test]
async fn every_configured_host_cluster_upgrades_with_nsx() {
    bounded(async {
        let mut client = Client52::start(config_with(2, 2, 1)).await;
        let (ending, walk) = walk_domain(&mut client, 1).await;
        assert_eq!(ending, Ending::Upgraded, "{walk:?}");
        let hosts = client.get_both("/v1/hosts", &[], None).await;
        assert!(elements(&hosts)
            .iter()
            .all(|host| host["esxiVersion"] == ESX_AFTER));
        let d = client.domain(1);
        let nsx = client
            .get("/v1/upgradables/domains/{domainId}/nsxt", &[&d], None)
            .await;
        assert!(nsx.body["nsxtHostClusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .all(|cluster| cluster["upgradedUnits"] == 2));
    })
    .await;
}

/// Upgrades one bundle of `domain` (no component inputs: SDDC Manager and ESX need none)
/// and waits for it to finish, checking the hosts' state on the way.
async fn upgrade_bundle(client: &Client52, domain: &str, bundle: &str, esx: bool) {
    let started = client
        .call(
            Method::POST,
            "/v1/upgrades",
            &[],
            None,
            Some(json!({
                "bundleId": bundle,
                "resourceType": "DOMAIN",
                "resourceUpgradeSpecs": [{"resourceId": domain, "upgradeNow": true}],
            })),
        )
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let upgrade = started.body["id"].as_str().expect("id").to_owned();
    let query = format!("domainId={domain}");
    let mut saw_upgrading = false;
    loop {
        let hosts = client.get_both("/v1/hosts", &[], Some(&query)).await;
        let clusters = client.get_both("/v1/clusters", &[], Some(&query)).await;
        let status = client
            .get("/v1/upgrades/{upgradeId}", &[&upgrade], None)
            .await;
        if status.body["status"] != "IN_PROGRESS" {
            assert_eq!(status.body["status"], "COMPLETED_WITH_SUCCESS");
            break;
        }
        let upgrading = elements(&hosts)
            .iter()
            .all(|host| host["configurationStatus"] == "UPGRADING")
            && elements(&clusters)
                .iter()
                .all(|cluster| cluster["status"] == "UPGRADING");
        if esx {
            // Still running after the hosts were read: they were upgrading then.
            assert!(upgrading, "{}", hosts.body);
            assert!(elements(&hosts)
                .iter()
                .all(|host| host["esxiVersion"] == ESX_BEFORE));
            saw_upgrading = true;
        } else {
            assert!(elements(&hosts)
                .iter()
                .all(|host| host["configurationStatus"] == "ACTIVE"));
        }
        tokio::time::sleep(POLL).await;
    }
    assert!(
        !esx || saw_upgrading,
        "the ESX upgrade was never seen running"
    );
}

#[tokio::test]
async fn a_host_runs_the_release_esx_once_the_esx_bundle_is_upgraded() {
    bounded(async {
        // ESX right after SDDC Manager, and steps long enough to watch it run.
        let client = Client52::start(SimConfig {
            step: Duration::from_millis(300),
            upgrade_order: Some(String::from("ESX_HOST,NSX_T_MANAGER,VCENTER")),
            ..config52(1, &[])
        })
        .await;
        let domain = client.domain(1);
        let query = format!("domainId={domain}");
        let bundles = target_and_download(&client, &domain).await;
        let before = client.get_both("/v1/hosts", &[], Some(&query)).await;
        assert!(elements(&before)
            .iter()
            .all(|host| host["esxiVersion"] == ESX_BEFORE));

        // SDDC Manager first: the hosts do not change.
        upgrade_bundle(&client, &domain, &bundles[0], false).await;
        let after_sddc = client.get_both("/v1/hosts", &[], Some(&query)).await;
        assert!(elements(&after_sddc)
            .iter()
            .all(|host| host["esxiVersion"] == ESX_BEFORE));

        upgrade_bundle(&client, &domain, &bundles[1], true).await;
        let hosts = client.get_both("/v1/hosts", &[], Some(&query)).await;
        for host in elements(&hosts) {
            assert_eq!(host["esxiVersion"], ESX_AFTER);
            assert_eq!(host["softwareInfo"]["baseImage"]["version"], ESX_AFTER);
            assert_eq!(host["configurationStatus"], "ACTIVE");
            let one = client
                .get_both("/v1/hosts/{id}", &[host["id"].as_str().expect("id")], None)
                .await;
            assert_eq!(one.body["esxiVersion"], ESX_AFTER);
        }
        // The image they run is in the depot.
        let image_query = format!("baseOSVersion={ESX_AFTER}");
        let images = client
            .get_both("/v1/personalities", &[], Some(&image_query))
            .await;
        assert_eq!(elements(&images).len(), 1);
        // The domain is not at the release yet: NSX and vCenter are still to come.
        let releases = client.get("/v1/releases", &[], Some(&query)).await;
        assert_eq!(releases.body["elements"][0]["version"], "5.1.1.0");
    })
    .await;
}
