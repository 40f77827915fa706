//! The state every request handler shares.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::clock::Clock;
use crate::faults::FaultBoard;
use crate::outage::OutageBoard;
use crate::request_log::RequestLog;
use crate::state::{Inventory, Timing};
use crate::tokens::TokenStore;
use crate::vcf52::state::Vcf52State;
use crate::SimConfig;

/// One simulator's shared state. Each part has its own lock, taken briefly and never across
/// an `.await`, and never two at a time except inventory then outages (upgrade start).
#[derive(Debug)]
pub(crate) struct App {
    /// The configuration the simulator started with (a reset goes back to it).
    pub(crate) config: SimConfig,
    pub(crate) timing: Timing,
    pub(crate) clock: Clock,
    /// The address clients reach the simulator at, for `SddcManager.ipAddress`.
    pub(crate) ip_address: String,
    pub(crate) inventory: Mutex<Inventory>,
    pub(crate) tokens: Mutex<TokenStore>,
    pub(crate) faults: Mutex<FaultBoard>,
    pub(crate) outages: Mutex<OutageBoard>,
    pub(crate) requests: Mutex<RequestLog>,
    /// The state of the `vcf52` dialect (unused by the default dialect).
    pub(crate) vcf52: Mutex<Vcf52State>,
}

impl App {
    pub(crate) fn new(config: SimConfig, ip_address: String) -> Self {
        App {
            timing: Timing {
                step: config.step,
                outage_steps: config.outage_steps,
            },
            clock: Clock::new(),
            ip_address,
            inventory: Mutex::new(Inventory::new(config.domains, &config.scenarios)),
            tokens: Mutex::new(TokenStore::default()),
            faults: Mutex::new(FaultBoard::default()),
            outages: Mutex::new(OutageBoard::default()),
            requests: Mutex::new(RequestLog::default()),
            vcf52: Mutex::new(Vcf52State::new(&config)),
            config,
        }
    }

    /// Back to the start: fresh domains with the configured scenarios, no faults, no outage.
    /// Tokens and the request log are kept, so a client can go on without logging in again.
    pub(crate) fn reset(&self) {
        *lock(&self.inventory) = Inventory::new(self.config.domains, &self.config.scenarios);
        *lock(&self.vcf52) = Vcf52State::new(&self.config);
        lock(&self.faults).clear();
        lock(&self.outages).clear();
    }
}

/// Locks a mutex, recovering from poisoning: the simulator's state stays consistent between
/// statements, and a test tool that stops answering after one panic helps nobody.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
