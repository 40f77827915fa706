//! The component inputs of the `vcf52` dialect's `performUpgrade`: every input the 5.2.1
//! schemas declare for the NSX, vCenter and ESX bundles is accepted with valid values and
//! echoed by `getUpgradeById`; every value a real SDDC Manager refuses is a 400 naming the
//! field, after the order, availability and download refusals, and creates no upgrade.

mod common;

use common::vcf52::{config52, download, target, target_and_download, Answer, Client52};
use common::{bounded, http_client, POLL};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The minimal `UpgradeSpec` of `bundle` on `domain`.
fn base(bundle: &str, domain: &str) -> Value {
    json!({"bundleId": bundle, "resourceType": "DOMAIN",
           "resourceUpgradeSpecs": [{"resourceId": domain, "upgradeNow": true}]})
}

/// `base` plus `fields` at the top level.
fn with(bundle: &str, domain: &str, fields: Value) -> Value {
    let mut spec = base(bundle, domain);
    for (key, value) in fields.as_object().expect("object") {
        spec[key] = value.clone();
    }
    spec
}

/// `base` with `fields` added to its one resource spec.
fn with_resource(bundle: &str, domain: &str, fields: Value) -> Value {
    let mut spec = base(bundle, domain);
    for (key, value) in fields.as_object().expect("object") {
        spec["resourceUpgradeSpecs"][0][key] = value.clone();
    }
    spec
}

async fn post(client: &Client52, spec: &Value) -> Answer {
    client
        .call(Method::POST, "/v1/upgrades", &[], None, Some(spec.clone()))
        .await
}

/// Starts the upgrade `spec` and waits until it succeeded; returns its id.
async fn run(client: &mut Client52, spec: &Value) -> String {
    let started = post(client, spec).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{started:?}\n{spec}");
    let id = started.body["id"].as_str().expect("id").to_owned();
    loop {
        let upgrade = client
            .poll_get("/v1/upgrades/{upgradeId}", &[&id], None)
            .await;
        if upgrade["status"] == "COMPLETED_WITH_SUCCESS" {
            return id;
        }
        assert_eq!(upgrade["status"], "IN_PROGRESS", "{upgrade}");
        tokio::time::sleep(POLL).await;
    }
}

/// `spec` is refused with 400 `UPGRADE_SPEC_NOT_VALID`, and the message names `field`.
async fn refused(client: &Client52, spec: &Value, field: &str) {
    let answer = post(client, spec).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{answer:?}\n{spec}");
    assert_eq!(
        answer.body["errorCode"], "UPGRADE_SPEC_NOT_VALID",
        "{answer:?}"
    );
    let message = answer.body["message"].as_str().expect("message");
    assert!(
        message.contains(field),
        "{field:?} not in {message:?}\n{spec}"
    );
}

/// How many upgrades of `bundle` exist.
async fn upgrades_of(client: &Client52, bundle: &str) -> usize {
    let query = format!("bundleId={bundle}");
    let listed = client.get("/v1/upgrades", &[], Some(&query)).await;
    assert_eq!(listed.status, StatusCode::OK);
    listed.body["elements"].as_array().expect("elements").len()
}

/// The upgrade `id` as `getUpgradeById` answers it.
async fn upgrade(client: &Client52, id: &str) -> Value {
    let answer = client.get("/v1/upgrades/{upgradeId}", &[id], None).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.body
}

/// An NSX input with every field, from `getNsxUpgradeResources`.
async fn nsx_input(client: &Client52, domain: &str, bundle: &str, parallel: bool) -> Value {
    let query = format!("bundleId={bundle}");
    let resources = client
        .get(
            "/v1/upgradables/domains/{domainId}/nsxt",
            &[domain],
            Some(&query),
        )
        .await;
    assert_eq!(resources.status, StatusCode::OK);
    let body = resources.body;
    json!({
        "nsxtId": body["nsxtManagerCluster"]["id"],
        "nsxtHostClusterUpgradeSpecs": body["nsxtHostClusters"].as_array().expect("hosts").iter()
            .map(|cluster| json!({"hostClusterId": cluster["id"], "liveUpgrade": parallel,
                                  "hostParallelUpgrade": parallel}))
            .collect::<Vec<_>>(),
        "nsxtEdgeClusterUpgradeSpecs": body["nsxtEdgeClusters"].as_array().expect("edges").iter()
            .map(|cluster| json!({"edgeClusterId": cluster["id"], "edgeParallelUpgrade": parallel}))
            .collect::<Vec<_>>(),
        "nsxtUpgradeOptions": {"isEdgeOnlyUpgrade": false,
                               "isHostClustersUpgradeParallel": parallel,
                               "isEdgeClustersUpgradeParallel": parallel},
    })
}

async fn vcenter_id(client: &Client52, domain: &str) -> Value {
    let body = client.get("/v1/domains/{id}", &[domain], None).await.body;
    body["vcenters"][0]["id"].clone()
}

fn static_network() -> Value {
    json!({"networkMode": "STATIC", "ipAddress": "10.0.0.250",
           "subnetMask": "255.255.255.0", "gateway": "10.0.0.1"})
}

fn esx_options(action: Value) -> Value {
    json!({"enableQuickboot": true, "evacuateOfflineVms": true, "enforceHclValidation": true,
           "preRemediationPowerAction": "SUSPEND_VMS", "esxUpgradeFailureAction": action})
}

fn retry() -> Value {
    json!({"action": "RETRY", "retryCount": 3, "retryDelay": 600})
}

#[tokio::test]
async fn every_component_accepts_its_inputs_and_the_upgrade_echoes_them() {
    bounded(async {
        let mut client = Client52::start(config52(2, &[])).await;
        let management = client.domain(1);
        let workload = client.domain(2);
        let m = management.as_str();
        let ids = target_and_download(&client, m).await;
        let [sddc, nsx, vcenter, esx] = ids.as_slice() else {
            panic!("four bundles: {ids:?}");
        };
        run(&mut client, &base(sddc, m)).await;

        let nsx_in = nsx_input(&client, m, nsx, true).await;
        let id = run(
            &mut client,
            &with(nsx, m, json!({"nsxtUpgradeUserInputSpecs": [nsx_in]})),
        )
        .await;
        assert_eq!(
            upgrade(&client, &id).await["nsxtUpgradeUserInputSpec"],
            nsx_in
        );

        let vcenter_in = json!({
            "resourceId": vcenter_id(&client, m).await,
            "temporaryNetwork": static_network(),
            "upgradeMechanism": "ReducedDowntimeMigration",
            "startSwitchoverTimestamp": "2030-01-31T22:00:00Z",
        });
        let spec = with(
            vcenter,
            m,
            json!({"vcenterUpgradeUserInputSpecs": [vcenter_in]}),
        );
        let id = run(&mut client, &spec).await;
        assert_eq!(
            upgrade(&client, &id).await["vcenterUpgradeUserInputSpec"],
            vcenter_in
        );

        let spec = with_resource(
            esx,
            m,
            json!({"esxUpgradeOptionsSpec": esx_options(retry())}),
        );
        let id = run(&mut client, &spec).await;
        assert_eq!(
            upgrade(&client, &id).await["resourceUpgradeSpecs"],
            spec["resourceUpgradeSpecs"]
        );

        // The workload domain: other valid values (an automatic network, an offset timestamp,
        // FAIL with 0 for the retry fields, the deprecated resource-level ESX flags).
        let w = workload.as_str();
        let ids = target_and_download(&client, w).await;
        let [nsx, vcenter, esx] = ids.as_slice() else {
            panic!("three bundles: {ids:?}");
        };
        let nsx_in = nsx_input(&client, w, nsx, false).await;
        run(
            &mut client,
            &with(nsx, w, json!({"nsxtUpgradeUserInputSpecs": [nsx_in]})),
        )
        .await;
        let vcenter_in = json!({
            "temporaryNetwork": {"networkMode": "AUTOMATIC"},
            "upgradeMechanism": "ReducedDowntimeMigration",
            "startSwitchoverTimestamp": "2030-01-31T23:30:00.000+01:00",
        });
        run(
            &mut client,
            &with(
                vcenter,
                w,
                json!({"vcenterUpgradeUserInputSpecs": [vcenter_in]}),
            ),
        )
        .await;
        let fail = json!({"action": "FAIL", "retryCount": 0, "retryDelay": 0});
        let mut options = esx_options(fail);
        options["preRemediationPowerAction"] = json!("DO_NOT_CHANGE_VMS_POWER_STATE");
        let spec = with_resource(
            esx,
            w,
            json!({"esxUpgradeOptionsSpec": options,
                   "enableQuickboot": false, "evacuateOfflineVms": false}),
        );
        let id = run(&mut client, &spec).await;
        assert_eq!(
            upgrade(&client, &id).await["resourceUpgradeSpecs"],
            spec["resourceUpgradeSpecs"]
        );
        let releases = client
            .get("/v1/releases", &[], Some(&format!("domainId={w}")))
            .await;
        assert_eq!(releases.body["elements"][0]["version"], "5.2.1.0");
    })
    .await;
}

#[tokio::test]
async fn the_request_log_keeps_a_static_temporary_network() {
    bounded(async {
        let mut client = Client52::start(config52(1, &[])).await;
        let domain = client.domain(1);
        let d = domain.as_str();
        let ids = target_and_download(&client, d).await;
        run(&mut client, &base(&ids[0], d)).await;
        let nsx_in = nsx_input(&client, d, &ids[1], false).await;
        run(
            &mut client,
            &with(&ids[1], d, json!({"nsxtUpgradeUserInputSpecs": [nsx_in]})),
        )
        .await;
        let spec = with(
            &ids[2],
            d,
            json!({"vcenterUpgradeUserInputSpecs": [{"temporaryNetwork": static_network()}]}),
        );
        run(&mut client, &spec).await;
        let log: Value = http_client()
            .get(format!("{}/sim/requests", client.sim.url()))
            .send()
            .await
            .expect("log")
            .json()
            .await
            .expect("json");
        let accepted = log["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .find(|record| {
                record["method"] == "POST"
                    && record["path"] == "/v1/upgrades"
                    && record["status"] == 202
                    && record["body"]["bundleId"] == ids[2].as_str()
            })
            .expect("the accepted vCenter upgrade is logged");
        let network = &accepted["body"]["vcenterUpgradeUserInputSpecs"][0]["temporaryNetwork"];
        assert_eq!(network["networkMode"], "STATIC");
        assert_eq!(network["ipAddress"], "10.0.0.250");
        assert_eq!(network["subnetMask"], "255.255.255.0");
        assert_eq!(network["gateway"], "10.0.0.1");
    })
    .await;
}

#[tokio::test]
async fn refusals_name_the_field_and_create_no_upgrade() {
    bounded(async {
        let mut client = Client52::start(config52(2, &[])).await;
        let management = client.domain(1);
        let workload = client.domain(2);
        let m = management.as_str();
        let w = workload.as_str();
        let bad_vcenter = json!({"vcenterUpgradeUserInputSpecs":
                                 [{"temporaryNetwork": {"networkMode": "DHCP"}}]});

        // The order refusal and the bundle's state come first, as before.
        let ids = target(&client, m).await;
        let not_downloaded = post(&client, &with(&ids[0], m, bad_vcenter.clone())).await;
        assert_eq!(not_downloaded.status, StatusCode::BAD_REQUEST);
        assert_eq!(not_downloaded.body["errorCode"], "BUNDLE_NOT_DOWNLOADED");
        let not_available = post(&client, &with(&ids[2], m, bad_vcenter.clone())).await;
        assert_eq!(not_available.body["errorCode"], "BUNDLE_NOT_AVAILABLE");
        download(&client, &ids).await;
        let workload_ids = target_and_download(&client, w).await;
        let too_soon = post(&client, &with(&workload_ids[0], w, bad_vcenter.clone())).await;
        assert_eq!(too_soon.status, StatusCode::FAILED_DEPENDENCY, "{too_soon:?}");
        assert_eq!(too_soon.body["errorCode"], "SDDC_MANAGER_NOT_UPGRADED");
        let [sddc, nsx, vcenter, esx] = ids.as_slice() else {
            panic!("four bundles: {ids:?}");
        };
        let nsx_in = nsx_input(&client, m, nsx, false).await;
        let vcenter_in = json!({"temporaryNetwork": static_network()});
        let options = esx_options(retry());

        // SDDC Manager: no component's inputs.
        let foreign = [
            (with(sddc, m, json!({"nsxtUpgradeUserInputSpecs": [nsx_in]})), "nsxtUpgradeUserInputSpecs"),
            (with(sddc, m, json!({"vcenterUpgradeUserInputSpecs": [vcenter_in]})), "vcenterUpgradeUserInputSpecs"),
            (with_resource(sddc, m, json!({"esxUpgradeOptionsSpec": options})), "resourceUpgradeSpecs[0].esxUpgradeOptionsSpec"),
            (with_resource(sddc, m, json!({"enableQuickboot": true})), "resourceUpgradeSpecs[0].enableQuickboot"),
            (with_resource(sddc, m, json!({"evacuateOfflineVms": false})), "resourceUpgradeSpecs[0].evacuateOfflineVms"),
        ];
        for (spec, field) in &foreign {
            refused(&client, spec, field).await;
        }
        assert_eq!(upgrades_of(&client, sddc).await, 0);
        run(&mut client, &base(sddc, m)).await;

        // NSX: neither vCenter inputs nor ESX options.
        let nsx_ok = with(nsx, m, json!({"nsxtUpgradeUserInputSpecs": [nsx_in]}));
        let mut with_vcenter = nsx_ok.clone();
        with_vcenter["vcenterUpgradeUserInputSpecs"] = json!([vcenter_in]);
        refused(&client, &with_vcenter, "vcenterUpgradeUserInputSpecs").await;
        let mut with_esx = nsx_ok.clone();
        with_esx["resourceUpgradeSpecs"][0]["esxUpgradeOptionsSpec"] = options.clone();
        refused(&client, &with_esx, "resourceUpgradeSpecs[0].esxUpgradeOptionsSpec").await;
        assert_eq!(upgrades_of(&client, nsx).await, 0);
        run(&mut client, &nsx_ok).await;

        // vCenter: the temporary network, the mechanism, the switchover time.
        let path = "vcenterUpgradeUserInputSpecs[0]";
        let network = |change: Value| {
            let mut network = static_network();
            for (key, value) in change.as_object().expect("object") {
                if value.is_null() {
                    network.as_object_mut().expect("object").remove(key);
                } else {
                    network[key] = value.clone();
                }
            }
            json!({"temporaryNetwork": network})
        };
        let cases = [
            (json!({"temporaryNetwork": {"networkMode": "DHCP"}}), "temporaryNetwork.networkMode \"DHCP\""),
            (json!({"temporaryNetwork": {}}), "temporaryNetwork.networkMode is missing"),
            (network(json!({"ipAddress": null})), "temporaryNetwork.ipAddress is required"),
            (network(json!({"subnetMask": null})), "temporaryNetwork.subnetMask is required"),
            (network(json!({"gateway": null})), "temporaryNetwork.gateway is required"),
            (network(json!({"ipAddress": "10.0.0.300"})), "temporaryNetwork.ipAddress \"10.0.0.300\""),
            (network(json!({"subnetMask": "/24"})), "temporaryNetwork.subnetMask \"/24\""),
            (network(json!({"gateway": "router"})), "temporaryNetwork.gateway \"router\""),
            (network(json!({"subnetMask": "255.0.255.0"})), "subnetMask 255.0.255.0 is not a contiguous netmask"),
            (network(json!({"gateway": "10.0.1.1"})), "gateway 10.0.1.1 is not in the subnet 10.0.0.0/24"),
            (network(json!({"ipAddress": "10.0.0.1"})), "ipAddress 10.0.0.1 is the gateway"),
            (network(json!({"ipAddress": "10.0.0.0"})), "ipAddress 10.0.0.0 is the network address"),
            (network(json!({"ipAddress": "10.0.0.255"})), "ipAddress 10.0.0.255 is the broadcast address"),
            (json!({"temporaryNetwork": static_network(), "upgradeMechanism": "Migration"}), "upgradeMechanism \"Migration\""),
            (json!({"temporaryNetwork": static_network(), "upgradeMechanism": "inPlace"}), "upgradeMechanism \"inPlace\""),
            // 8.0.2.00200 → 8.0.3.00300 is an update (U2 → U3), not a patch.
            (json!({"temporaryNetwork": static_network(), "upgradeMechanism": "InPlace"}),
             "upgradeMechanism InPlace is refused: it is only supported for vCenter patch upgrades"),
            (json!({"temporaryNetwork": static_network(), "upgradeMechanism": "InPlace",
                    "startSwitchoverTimestamp": "2030-01-31T22:00:00Z"}),
             "startSwitchoverTimestamp is only supported with the ReducedDowntimeMigration"),
            (json!({"temporaryNetwork": static_network(), "startSwitchoverTimestamp": "tonight"}),
             "startSwitchoverTimestamp \"tonight\""),
            (json!({"temporaryNetwork": static_network(),
                    "startSwitchoverTimestamp": "2030-01-31T22:00:00"}),
             "startSwitchoverTimestamp \"2030-01-31T22:00:00\""),
        ];
        for (input, why) in &cases {
            let spec = with(vcenter, m, json!({"vcenterUpgradeUserInputSpecs": [input]}));
            refused(&client, &spec, &format!("{path}.")).await;
            refused(&client, &spec, why).await;
        }
        let second_bad = with(
            vcenter,
            m,
            json!({"vcenterUpgradeUserInputSpecs":
                   [vcenter_in, {"temporaryNetwork": {"networkMode": "MANUAL"}}]}),
        );
        refused(&client, &second_bad, "vcenterUpgradeUserInputSpecs[1].temporaryNetwork.networkMode").await;
        let vcenter_ok = with(vcenter, m, json!({"vcenterUpgradeUserInputSpecs": [vcenter_in]}));
        let mut with_nsx = vcenter_ok.clone();
        with_nsx["nsxtUpgradeUserInputSpecs"] = json!([nsx_in]);
        refused(&client, &with_nsx, "nsxtUpgradeUserInputSpecs").await;
        let mut with_esx = vcenter_ok.clone();
        with_esx["resourceUpgradeSpecs"][0]["enableQuickboot"] = json!(true);
        refused(&client, &with_esx, "resourceUpgradeSpecs[0].enableQuickboot").await;
        assert_eq!(upgrades_of(&client, vcenter).await, 0);
        run(&mut client, &vcenter_ok).await;

        // ESX: the power and failure actions, no other component's inputs.
        let path = "resourceUpgradeSpecs[0].esxUpgradeOptionsSpec";
        let esx_spec = |options: Value| with_resource(esx, m, json!({"esxUpgradeOptionsSpec": options}));
        let mut power = options.clone();
        power["preRemediationPowerAction"] = json!("SHUT_DOWN_VMS");
        let failure = |action: &str, count: i64, delay: i64| {
            esx_options(json!({"action": action, "retryCount": count, "retryDelay": delay}))
        };
        let cases = [
            (power, format!("{path}.preRemediationPowerAction \"SHUT_DOWN_VMS\"")),
            (failure("IGNORE", 0, 0), format!("{path}.esxUpgradeFailureAction.action \"IGNORE\"")),
            (failure("RETRY", 3, 299), format!("{path}.esxUpgradeFailureAction.retryDelay 299")),
            (failure("RETRY", 3, 3601), format!("{path}.esxUpgradeFailureAction.retryDelay 3601")),
            (failure("RETRY", 2, 300), format!("{path}.esxUpgradeFailureAction.retryCount 2")),
            (failure("RETRY", 101, 300), format!("{path}.esxUpgradeFailureAction.retryCount 101")),
            (failure("FAIL", 5, 0), format!("{path}.esxUpgradeFailureAction.retryCount 5")),
            (failure("FAIL", 0, 600), format!("{path}.esxUpgradeFailureAction.retryDelay 600")),
        ];
        for (options, field) in &cases {
            refused(&client, &esx_spec(options.clone()), field).await;
        }
        let esx_ok = esx_spec(options.clone());
        let mut with_nsx = esx_ok.clone();
        with_nsx["nsxtUpgradeUserInputSpecs"] = json!([nsx_in]);
        refused(&client, &with_nsx, "nsxtUpgradeUserInputSpecs").await;
        let mut with_vcenter = esx_ok.clone();
        with_vcenter["vcenterUpgradeUserInputSpecs"] = json!([vcenter_in]);
        refused(&client, &with_vcenter, "vcenterUpgradeUserInputSpecs").await;
        assert_eq!(upgrades_of(&client, esx).await, 0);
        run(&mut client, &esx_ok).await;

        // The workload domain's first bundle, now that SDDC Manager is upgraded: a 400.
        let mut late = with(&workload_ids[0], w, bad_vcenter);
        late["nsxtUpgradeUserInputSpecs"] =
            json!([nsx_input(&client, w, &workload_ids[0], false).await]);
        refused(&client, &late, "vcenterUpgradeUserInputSpecs").await;
        assert_eq!(upgrades_of(&client, &workload_ids[0]).await, 0);
    })
    .await;
}
