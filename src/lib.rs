//! Native engine of DataCenter Assistant: the SDDC Manager client, its retry policy and the
//! upgrade state machine. The Python binding lives in `python` and nowhere else.

pub mod api;
pub mod clock;
pub mod log_targets;
mod python;
pub mod upgrade;
