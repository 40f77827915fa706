//! The `vcf52` dialect: the real SDDC Manager 5.2.1 lifecycle API, as VMware's OpenAPI
//! document `sddc-manager-api-5.2.1.json` describes it (`docs/simulator.md`, "The vcf52
//! dialect").

pub(crate) mod archive;
pub(crate) mod inputs;
pub(crate) mod profile;
pub(crate) mod routes;
pub(crate) mod state;
pub(crate) mod wire;
