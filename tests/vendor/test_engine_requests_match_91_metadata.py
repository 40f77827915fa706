"""Every request the engine sends to SDDC Manager 9.1 is one VMware's 9.1 bindings declare.

The engine (`datacenter_assistant_core`) upgrades a domain of vcf-sim playing 9.1; then each
request of the simulator's log is checked against the REST metadata of
`vmware-sddc-manager==9.1.1.0`: its method and path are an operation's, its query parameters
are ones that operation declares, and every field name of its JSON body, at any depth, is a
field of the operation's body type.
"""

from __future__ import annotations

import asyncio
from functools import cache
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import pytest
from vmware.vapi.bindings import type as vapi_type

import datacenter_assistant_core as core
from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME
from tests.vendor.sddc_manager_91 import Operation, operations, resolve

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.support.simulator import VcfSimulator

pytestmark = [pytest.mark.timeout(60)]

TARGET_VERSION = "9.1.0.0"


@cache
def _operations() -> tuple[Operation, ...]:
    return tuple(operations())


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
        + "$"
    )


def _operation(method: str, path: str) -> Operation | None:
    """The operation of (method, path); a literal segment wins over a path variable."""
    candidates = [
        operation
        for operation in _operations()
        if operation.method == method and _pattern(operation.template).match(path)
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda operation: [
            segment.startswith("{") for segment in operation.template.split("/")
        ],
    )


def _body_mismatches(value: Any, binding_type: Any, where: str) -> list[str]:
    """Field names of `value` (JSON) that `binding_type` does not declare, recursively."""
    binding_type = resolve(binding_type)
    if isinstance(binding_type, (vapi_type.DynamicStructType, vapi_type.OpaqueType)):
        return []  # free-form in the bindings
    if isinstance(binding_type, vapi_type.StructType):
        return _struct_mismatches(value, binding_type, where)
    if isinstance(binding_type, (vapi_type.ListType, vapi_type.SetType)):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, the bindings expect a list"]
        items = [(f"{where}[{index}]", item) for index, item in enumerate(value)]
        element_type = binding_type.element_type
    elif isinstance(binding_type, vapi_type.MapType):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, the bindings expect a map"]
        items = [(f"{where}[{key!r}]", item) for key, item in value.items()]
        element_type = binding_type.value_type
    else:
        return []  # a scalar: it has no field names
    return [
        mismatch
        for path, item in items
        for mismatch in _body_mismatches(item, element_type, path)
    ]


def _struct_mismatches(
    value: Any, binding_type: vapi_type.StructType, where: str
) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: {type(value).__name__}, the bindings expect an object"]
    declared = set(binding_type.get_field_names())
    found: list[str] = []
    for name, field_value in value.items():
        path = f"{where}.{name}" if where else name
        if name not in declared:
            found.append(
                f"{path}: not a field of {binding_type.name} "
                f"(declared: {', '.join(sorted(declared))})"
            )
        else:
            found += _body_mismatches(field_value, binding_type.get_field(name), path)
    return found


def mismatches(log: list[dict[str, Any]]) -> list[str]:
    """Every way the logged requests differ from the 9.1 bindings' REST metadata."""
    found: list[str] = []
    for entry in log:
        method, path = entry["method"], entry["path"]
        call = f"#{entry['seq']} {method} {path}"
        operation = _operation(method, path)
        if operation is None:
            found.append(
                f"{call}: no operation of the 9.1 bindings has this method and path"
            )
            continue
        call += f" ({operation.name} of {operation.service})"
        for name, _ in parse_qsl(entry.get("query", ""), keep_blank_values=True):
            if operation.documented_only:
                found.append(
                    f"{call}: query parameter {name!r} cannot be checked: the bindings "
                    "carry no REST metadata for this operation"
                )
            elif name not in operation.query:
                found.append(
                    f"{call}: query parameter {name!r} is not declared "
                    f"(declared: {', '.join(sorted(operation.query)) or 'none'})"
                )
        if "body" in entry:
            if operation.documented_only:
                found.append(
                    f"{call}: its body cannot be checked: the bindings carry no REST "
                    "metadata for this operation"
                )
            elif operation.body is None:
                found.append(f"{call}: sends a body, the operation takes none")
            else:
                found += [
                    f"{call}: body {mismatch}"
                    for mismatch in _body_mismatches(entry["body"], operation.body, "")
                ]
    return found


def test_the_check_finds_unknown_paths_query_parameters_and_body_fields() -> None:
    """The check is not vacuous: what the bindings do not declare is reported."""
    log = [
        {"seq": 1, "method": "GET", "path": "/v1/domains"},
        {
            "seq": 2,
            "method": "GET",
            "path": "/v1/upgrades/preview",
            "query": "bundleId=b&domainId=d",
        },
        {
            "seq": 3,
            "method": "POST",
            "path": "/v1/upgrades",
            "body": {
                "bundleId": "b",
                "resourceUpgradeSpecs": [
                    {"resourceId": "d", "personalitySpec": {"personalityId": "p"}}
                ],
            },
        },
        {"seq": 4, "method": "GET", "path": "/v1/domains/d/upgrades"},
        {"seq": 5, "method": "PUT", "path": "/v1/upgrades"},
        {"seq": 6, "method": "GET", "path": "/v1/releases", "query": "domain=d"},
        {
            "seq": 7,
            "method": "POST",
            "path": "/v1/upgrades",
            "body": {
                "bundleId": "b",
                "operation": "TARGET",
                "resourceUpgradeSpecs": [{"resourceId": "d", "quickBoot": True}],
                "vcenterUpgradeUserInputSpecs": {"resourceId": "v"},
            },
        },
        {"seq": 8, "method": "GET", "path": "/v1/tasks/t", "body": {"id": "t"}},
    ]
    found = mismatches(log)
    assert [line.split(":", 1)[0] for line in found] == [
        "#4 GET /v1/domains/d/upgrades",
        "#5 PUT /v1/upgrades",
        "#6 GET /v1/releases (get_releases of vmware.sddc_manager.v1.releases)",
        "#7 POST /v1/upgrades (perform_upgrade of vmware.sddc_manager.v1.upgrades)",
        "#7 POST /v1/upgrades (perform_upgrade of vmware.sddc_manager.v1.upgrades)",
        "#7 POST /v1/upgrades (perform_upgrade of vmware.sddc_manager.v1.upgrades)",
        "#8 GET /v1/tasks/t (get_task of vmware.sddc_manager.v1.tasks)",
    ]
    assert "query parameter 'domain' is not declared" in found[2]
    assert (
        "body operation: not a field of vmware.sddc_manager.model.upgrade_spec"
        in found[3]
    )
    assert "body resourceUpgradeSpecs[0].quickBoot: not a field of" in found[4]
    assert (
        "body vcenterUpgradeUserInputSpecs: dict, the bindings expect a list"
        in found[5]
    )
    assert "sends a body, the operation takes none" in found[6]


async def test_every_request_of_a_9_1_upgrade_by_the_engine_is_declared_by_the_bindings(
    vcf_sim_factory: Callable[..., VcfSimulator],
) -> None:
    sim = vcf_sim_factory(domains=1, step_ms=20, dialect="vcf52", vcf_version="9.1.0")
    client = core.VcfClient(sim.url, SIM_USERNAME, SIM_PASSWORD, timeout=10)
    assert await client.detect_dialect() == "vcf52"
    client = core.VcfClient(
        sim.url, SIM_USERNAME, SIM_PASSWORD, timeout=10, dialect="vcf52"
    )
    manager = await client.sddc_manager()
    assert manager["version"].startswith("9.0.2")
    (domain,) = await client.inventory()
    assert await client.estate()
    workflow = core.UpgradeWorkflow(
        client, domain["id"], domain["name"], poll_interval=0.01
    )
    assert await workflow.start() == "started"
    async with asyncio.timeout(40):
        while workflow.state != "upgrade_completed":
            assert workflow.state not in ("upgrade_failed", "precheck_failed"), (
                workflow.snapshot()
            )
            await asyncio.sleep(0.01)
    assert [c["component"] for c in workflow.components] == [
        "SDDC_MANAGER",
        "NSX_T_MANAGER",
        "VCENTER",
        "ESX_HOST",
    ]
    assert (await client.sddc_manager())["version"].startswith(TARGET_VERSION)
    summary = await client.health_check(domain["id"], poll_interval=0.01, timeout=10)
    assert summary is not None

    log = await sim.requests()
    assert any(entry["path"] == "/v1/upgrades" for entry in log)
    found = mismatches(log)
    assert found == [], (
        f"{len(found)} of the engine's {len(log)} requests to SDDC Manager 9.1 do not fit "
        "the 9.1 bindings' REST metadata:\n" + "\n".join(found)
    )
