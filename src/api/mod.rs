//! Everything that talks to SDDC Manager.

pub mod dialect;
pub mod error;
pub mod model;

pub use dialect::{ApiResult, UpgradeApi};
pub use error::{ApiError, ServerError};
