"""VMware's Python bindings of SDDC Manager 9.1 (`vmware-sddc-manager`), set up for vcf-sim.

`connect` builds the bindings' own REST stack (a vAPI REST connector over `requests`) against a
simulator on loopback and logs in through `createToken`, the bindings' token API; the access
token then goes into the connector's OAuth security context, from which the bindings send
`Authorization: Bearer …` on every call. `operations` reads the bindings' REST metadata
(`OperationRestMetadata`) of every operation of the 9.1 API.
"""

from __future__ import annotations

from dataclasses import dataclass
import importlib
import inspect
import pkgutil
import re
import time
from typing import TYPE_CHECKING, Any

import requests
from vmware import sddc_manager
from vmware.sddc_manager import model_client as model, v1_client as v1
from vmware.vapi.bindings import type as vapi_type
from vmware.vapi.bindings.stub import (
    ApiInterfaceStub,
    StubConfiguration,
    VapiInterface,
)
from vmware.vapi.lib.connect import get_requests_connector
from vmware.vapi.security.oauth import create_oauth_security_context
from vmware.vapi.stdlib.client.factories import StubConfigurationFactory

from tests.support.simulator import SIM_PASSWORD, SIM_USERNAME

if TYPE_CHECKING:
    from collections.abc import Callable

# Every HTTP call of the bindings is bounded by this (the connector's `requests` timeout).
CALL_TIMEOUT = 10.0
# How the bindings' docstrings name the few operations of the API they carry no stub for (the
# file downloads and uploads): "The following API operation(s) are not included in the SDK
# yet, but can be accessed via HTTP requests to the REST API: * /v1/… GET".
NOT_IN_THE_SDK = "are not included in the SDK yet"
DOCUMENTED_OPERATION = re.compile(r"\* (/v1/\S+) (GET|POST|PUT|PATCH|DELETE)\b")


@dataclass
class Connection:
    """The bindings' stub configuration on one simulator, and the HTTP session under it."""

    config: StubConfiguration
    session: requests.Session

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()


def connect(url: str) -> Connection:
    """Log in to the SDDC Manager at `url` (plain http on 127.0.0.1) with the bindings."""
    assert url.startswith("http://127.0.0.1:"), f"loopback only, not {url}"
    session = requests.Session()
    # Loopback only: no proxy from the environment.
    session.trust_env = False
    connector = get_requests_connector(
        session=session, msg_protocol="rest", url=url, timeout=CALL_TIMEOUT
    )
    config = StubConfigurationFactory.new_std_configuration(connector)
    tokens = v1.Tokens(config).create_token(
        model.TokenCreationSpec(username=SIM_USERNAME, password=SIM_PASSWORD)
    )
    assert tokens is not None, "createToken answered no token pair"
    assert tokens.access_token, "createToken answered no access token"
    connector.set_security_context(create_oauth_security_context(tokens.access_token))
    return Connection(config=config, session=session)


def wait_for[T](
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    what: str,
    timeout: float = 20.0,
    interval: float = 0.02,
) -> T:
    """Call `fetch` until `done` holds for its answer; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answer = fetch()
        if done(answer):
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not done after {timeout} s: {answer!r}")
        time.sleep(interval)


@dataclass(frozen=True)
class Operation:
    """One operation of the bindings: its REST metadata and its body type."""

    service: str
    name: str
    method: str
    template: str
    query: frozenset[str]
    body: Any  # the body's vAPI binding type, None when the operation takes no body
    # Only named in a service's docstring as "not included in the SDK yet": no REST metadata,
    # so no query parameter or body can be checked against it.
    documented_only: bool = False


def operations() -> list[Operation]:
    """Every operation of `vmware.sddc_manager`, read from each stub's REST metadata.

    The stubs are built on a connector that is never used (nothing is sent): building one is
    what registers its `OperationRestMetadata`. The operations a service's docstring lists as
    not included in the SDK are there too (`documented_only`), with no query or body.
    """
    session = requests.Session()
    session.trust_env = False
    connector = get_requests_connector(
        session=session, msg_protocol="rest", url="http://127.0.0.1:9"
    )
    config = StubConfigurationFactory.new_std_configuration(connector)
    found: list[Operation] = []
    for info in pkgutil.walk_packages(
        sddc_manager.__path__, sddc_manager.__name__ + "."
    ):
        module = importlib.import_module(info.name)
        for stub_class in vars(module).values():
            if (
                inspect.isclass(stub_class)
                and issubclass(stub_class, VapiInterface)
                and stub_class.__module__ == module.__name__
                and NOT_IN_THE_SDK in (stub_class.__doc__ or "")
            ):
                found += [
                    Operation(
                        service=stub_class._VAPI_SERVICE_ID,
                        name="(not in the SDK)",
                        method=method,
                        template=template,
                        query=frozenset(),
                        body=None,
                        documented_only=True,
                    )
                    for template, method in DOCUMENTED_OPERATION.findall(
                        stub_class.__doc__
                    )
                ]
            if not (
                inspect.isclass(stub_class)
                and issubclass(stub_class, ApiInterfaceStub)
                and stub_class.__module__ == module.__name__
            ):
                continue
            stub = stub_class(config)
            for name, metadata in stub._rest_metadata.items():
                input_type = stub._operations[name]["input_type"]
                body = None
                if metadata.request_body_parameter is not None:
                    body = input_type.get_field(metadata.request_body_parameter)
                found.append(
                    Operation(
                        service=stub._iface_id.get_name(),
                        name=name,
                        method=metadata.http_method,
                        template=metadata._url_template,
                        query=frozenset(metadata._query_parameters.values()),
                        body=body,
                    )
                )
    session.close()
    return found


def resolve(binding_type: Any) -> Any:
    """The type under `Optional` and references."""
    while True:
        if isinstance(binding_type, vapi_type.OptionalType):
            binding_type = binding_type.element_type
        elif isinstance(binding_type, vapi_type.ReferenceType):
            binding_type = binding_type.resolved_type
        else:
            return binding_type
