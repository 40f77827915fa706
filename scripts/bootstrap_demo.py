"""Leave the demo Home Assistant onboarded and the integration configured against vcf-sim.

Idempotent: an onboarded instance is logged into, an existing config entry is kept. Run by
`scripts/develop`; everything goes through Home Assistant's public REST API.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import aiohttp
from hass_api import (
    HassApiError,
    add_integration,
    config_entries,
    keep_http_config,
    onboard_or_login,
    wait_until_up,
)


async def bootstrap(args: argparse.Namespace) -> None:
    """Onboard (or log in) and add the integration unless it is there already."""
    async with aiohttp.ClientSession() as http:
        await wait_until_up(http, args.hass, timeout=args.timeout)
        session = await onboard_or_login(
            http, args.hass, "Demo Operator", args.username, args.password
        )
        await keep_http_config(http, session)
        if await config_entries(http, session):
            print("DataCenter Assistant is configured already.")
            return
        result = await add_integration(
            http,
            session,
            {
                "url": args.sim,
                "username": args.sim_username,
                "password": args.sim_password,
                "verify_ssl": True,
            },
        )
        if result.get("type") != "create_entry":
            msg = f"adding the integration failed: {result}"
            raise HassApiError(msg)
        print(f"DataCenter Assistant configured against {args.sim}.")


def main() -> int:
    """Parse the command line and bootstrap."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hass", required=True, help="Home Assistant base URL")
    parser.add_argument("--sim", required=True, help="vcf-sim base URL")
    parser.add_argument("--username", default="demo")
    parser.add_argument("--password", default="demo-demo")
    parser.add_argument("--sim-username", default="administrator@vsphere.local")
    parser.add_argument("--sim-password", default="VMware1!VMware1!")
    parser.add_argument("--timeout", type=float, default=180.0)
    try:
        asyncio.run(bootstrap(parser.parse_args()))
    except HassApiError as error:
        print(f"bootstrap failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
