"""vcf-sim playing SDDC Manager 9.1, driven through a whole upgrade by VMware's own bindings.

`vmware-sddc-manager==9.1.1.0` is a real client of the 9.1 API: every call below goes through
its REST serializer and deserializer, so a path, method, query parameter, body or answer shape
of the simulator that the bindings do not expect fails here with the error they raise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from vmware.sddc_manager import model_client as model, v1_client as v1
from vmware.sddc_manager.v1 import (
    releases_client,
    system_client,
    upgradables_client,
)
from vmware.sddc_manager.v1.releases import domains_client as release_domains
from vmware.sddc_manager.v1.system import check_sets_client
from vmware.sddc_manager.v1.upgradables import domains_client as upgradable_domains

from tests.vendor.sddc_manager_91 import Connection, connect, wait_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.support.simulator import VcfSimulator

pytestmark = [pytest.mark.timeout(60)]

SOURCE_VERSION = "9.0.2.0"
TARGET_VERSION = "9.1.0.0"
# The component each bundle upgrades, as `Bundle.components[].type` names it, and the name of
# its entry in the release's bill of materials.
BOM_NAMES = {
    "SDDC_MANAGER": "SDDC_MANAGER_VCF",
    "NSX_T_MANAGER": "NSX_T_MANAGER",
    "VCENTER": "VCENTER",
    "ESX_HOST": "ESX_HOST",
}


def _target_release(
    connection: Connection, domain_id: str
) -> model.DomainFutureRelease:
    config = connection.config
    future = release_domains.FutureReleases(config).get_future_releases(domain_id)
    releases = {release.version: release for release in future.elements}
    assert TARGET_VERSION in releases, f"future releases: {sorted(releases)}"
    release = releases[TARGET_VERSION]
    assert release.applicability_status == "APPLICABLE", release
    releases_client.Domains(config).update_release_by_domain_id(
        domain_id, model.DomainRelease(target_version=TARGET_VERSION)
    )
    view = releases_client.Domains(config).get_release_by_domain(domain_id)
    assert view.target_version == TARGET_VERSION
    return release


def _upgradables(connection: Connection, domain_id: str) -> list[model.Upgradable]:
    page = upgradables_client.Domains(connection.config).get_upgradables_by_domain(
        domain_id, target_version=TARGET_VERSION
    )
    return list(page.elements or [])


def _component(connection: Connection, bundle_id: str) -> str:
    bundle = v1.Bundles(connection.config).get_bundle(bundle_id)
    (component,) = {component.type for component in bundle.components}
    return component


def _download(connection: Connection, bundle_ids: list[str]) -> None:
    bundles = v1.Bundles(connection.config)
    tasks = v1.Tasks(connection.config)
    started = [
        bundles.start_bundle_download_by_id(
            bundle_id,
            model.BundleUpdateSpec(
                bundle_download_spec=model.BundleDownloadSpec(download_now=True)
            ),
        )
        for bundle_id in bundle_ids
    ]
    for task in started:
        finished = wait_for(
            lambda task=task: tasks.get_task(task.id),
            lambda answer: answer.status != "IN_PROGRESS",
            f"download task {task.id}",
        )
        assert finished.status == "SUCCESSFUL", finished
    for bundle_id in bundle_ids:
        assert bundles.get_bundle(bundle_id).download_status == "SUCCESSFUL"


def _precheck(
    connection: Connection, domain_id: str, release: model.DomainFutureRelease
) -> None:
    """Discover the domain's resources, query their check-sets, run them all, read the result."""
    queries = check_sets_client.Queries(connection.config)
    check_sets = system_client.CheckSets(connection.config)
    discovered = queries.query_check_sets(
        model.CheckSetQueryInput(
            check_set_type="UPGRADE",
            domains=[model.CheckSetQueryDomainResources(domain_id=domain_id)],
        )
    )
    bom = {entry.name: entry.version for entry in release.bom}
    query = queries.query_check_sets(
        model.CheckSetQueryInput(
            check_set_type="UPGRADE",
            domains=[
                model.CheckSetQueryDomainResources(
                    domain_id=domain_id,
                    resources=[
                        model.CheckSetQueryResource(
                            resource_type=resource.resource_type,
                            resource_target_version=bom[
                                BOM_NAMES[resource.resource_type]
                            ],
                        )
                        for resource in discovered.resources
                    ],
                )
            ],
        )
    )
    assert {resource.resource_type for resource in query.resources} == set(BOM_NAMES)
    run = check_sets.trigger_check_run(
        model.CheckSetRunInput(
            query_id=query.query_id,
            resources=[
                model.CheckSetResourceSelection(
                    resource_type=resource.resource_type,
                    resource_id=resource.resource_id,
                    resource_name=resource.resource_name,
                    domain=model.DomainInfo(
                        domain_id=resource.domain.domain_id,
                        domain_name=resource.domain.domain_name,
                        domain_type=resource.domain.domain_type,
                    ),
                    check_sets=[
                        model.SelectedCheckSetCandidate(
                            check_set_id=candidate.check_set_id
                        )
                        for candidate in resource.check_sets
                    ],
                )
                for resource in query.resources
            ],
            metadata=model.AssessmentMetadata(target_version=TARGET_VERSION),
        )
    )
    result = wait_for(
        lambda: check_sets.get_result(run.id),
        lambda answer: answer.status != "IN_PROGRESS",
        f"check run {run.id}",
    )
    assert result.status == "COMPLETED_WITH_SUCCESS", result
    # A dynamic structure in the bindings (the schema's `additionalProperties: object`).
    summary = result.presented_artifacts_map["validation-domain-summary"].to_dict()
    assert summary["domainId"] == domain_id
    assert (summary["errorValidationsCount"], summary["warningGapsCount"]) == (0, 0)
    assert summary["resourcesCount"] == len(query.resources)
    # No findings: no validation result at all, or one without errors.
    if result.validation_result is not None:
        findings = result.validation_result.nested_errors or []
        assert [f for f in findings if f.error_type == "ERROR"] == []


def _upgrade_spec(
    connection: Connection,
    domain: model.Domain,
    bundle_id: str,
    component: str,
    release: model.DomainFutureRelease,
) -> model.UpgradeSpec:
    """`performUpgrade`'s input for one bundle, with the inputs its component requires."""
    config = connection.config
    resource = model.ResourceUpgradeSpec(resource_id=domain.id, upgrade_now=True)
    spec = model.UpgradeSpec(
        bundle_id=bundle_id, resource_type="DOMAIN", resource_upgrade_specs=[resource]
    )
    if component == "NSX_T_MANAGER":
        nsx = upgradable_domains.Nsxt(config).get_nsx_upgrade_resources(
            domain.id, bundle_id=bundle_id
        )
        spec.nsxt_upgrade_user_input_specs = [
            model.NsxtUpgradeUserInputSpec(
                nsxt_id=nsx.nsxt_manager_cluster.id,
                nsxt_host_cluster_upgrade_specs=[
                    model.NsxtHostClusterUpgradeSpec(
                        host_cluster_id=cluster.id,
                        live_upgrade=False,
                        host_parallel_upgrade=False,
                    )
                    for cluster in nsx.nsxt_host_clusters
                ],
                nsxt_edge_cluster_upgrade_specs=[
                    model.NsxtEdgeClusterUpgradeSpec(
                        edge_cluster_id=cluster.id, edge_parallel_upgrade=False
                    )
                    for cluster in nsx.nsxt_edge_clusters
                ],
                nsxt_upgrade_options=model.NsxtUpgradeOptions(
                    is_edge_only_upgrade=False,
                    is_host_clusters_upgrade_parallel=False,
                    is_edge_clusters_upgrade_parallel=False,
                ),
            )
        ]
    elif component == "VCENTER":
        mechanisms = upgradable_domains.VcenterUpgradeMechanisms(
            config
        ).get_vcenter_upgrade_mechanism(domain.id, target_version=TARGET_VERSION)
        (target,) = mechanisms.target_version_upgrade_mechanisms
        sizes = upgradable_domains.VcenterSizingInfos(config).get_vcenter_sizing_infos(
            domain.id, target_version=TARGET_VERSION
        )
        (recommended,) = [size for size in sizes if size.is_recommended]
        spec.vcenter_upgrade_user_input_specs = [
            model.VcenterUpgradeUserInputSpec(
                resource_id=domain.vcenters[0].id,
                upgrade_mechanism=target.default_upgrade_mechanism,
                target_vcenter_appliance=model.VcenterApplianceSizingInfo(
                    appliance_size=recommended.appliance_size
                ),
                temporary_network=model.TemporaryNetwork(network_mode="AUTOMATIC"),
            )
        ]
    elif component == "ESX_HOST":
        # ESX 9 hosts take vSphere Lifecycle Manager images only: the target ESX's image.
        target_esx = next(e.version for e in release.bom if e.name == "ESX_HOST")
        images = v1.Personalities(connection.config).get_personalities()
        (image,) = [
            image
            for image in images.elements
            if image.software_info.base_image.version == target_esx
        ]
        resource.personality_spec = model.PersonalitySpec(
            personality_id=image.personality_id
        )
    return spec


def test_one_domain_upgrades_from_9_0_2_to_9_1_through_vmwares_bindings(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    sim = vcf_sim_factory(domains=1, step_ms=20, dialect="vcf52", vcf_version="9.1.0")
    connection = connect(sim.url)
    try:
        config = connection.config
        (domain,) = v1.Domains(config).get_domains().elements
        assert domain.type == "MANAGEMENT"
        domain = v1.Domains(config).get_domain(domain.id)
        releases = v1.Releases(config).get_releases(domain_id=domain.id)
        assert [release.version for release in releases.elements] == [SOURCE_VERSION]

        release = _target_release(connection, domain.id)
        sequences = upgradable_domains.UpgradeSequences(config).get_upgrade_sequences(
            domain.id, target_version=TARGET_VERSION
        )
        upgradables = _upgradables(connection, domain.id)
        bundle_ids = [upgradable.bundle_id for upgradable in upgradables]
        components = [_component(connection, bundle_id) for bundle_id in bundle_ids]
        assert components == list(BOM_NAMES)
        assert [c.type for c in sequences[0].components] == components

        _download(connection, bundle_ids)
        _precheck(connection, domain.id, release)

        upgrades = v1.Upgrades(config)
        for bundle_id, component in zip(bundle_ids, components, strict=True):
            (available,) = [
                upgradable
                for upgradable in _upgradables(connection, domain.id)
                if upgradable.status == "AVAILABLE"
            ]
            assert available.bundle_id == bundle_id, (component, available)
            task = upgrades.perform_upgrade(
                _upgrade_spec(connection, domain, bundle_id, component, release)
            )
            upgrade = wait_for(
                lambda task=task: upgrades.get_upgrade_by_id(task.id),
                lambda answer: answer.status.startswith("COMPLETED"),
                f"{component} upgrade {task.id}",
            )
            assert upgrade.status == "COMPLETED_WITH_SUCCESS", upgrade
            assert upgrade.bundle_id == bundle_id
            assert v1.Tasks(config).get_task(upgrade.task_id).status == "SUCCESSFUL"

        assert [u.status for u in _upgradables(connection, domain.id)] == [
            "COMPLETED"
        ] * len(bundle_ids)
        releases = v1.Releases(config).get_releases(domain_id=domain.id)
        assert [release.version for release in releases.elements] == [TARGET_VERSION]
        (manager,) = v1.SddcManagers(config).get_sddc_managers().elements
        assert manager.version.startswith(TARGET_VERSION)

        # What the simulator saw: every call of the walk, none refused.
        log = connection.session.get(f"{sim.url}/sim/requests", timeout=10).json()
        calls = [
            (entry["method"], entry["path"], entry["status"])
            for entry in log["requests"]
        ]
        assert [call for call in calls if not 200 <= (call[2] or 0) < 300] == []
        assert sum(call[:2] == ("POST", "/v1/upgrades") for call in calls) == len(
            bundle_ids
        )
    finally:
        connection.close()
