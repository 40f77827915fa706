//! Periods when the whole `/v1` API is away: the `outage` scenario and `POST /sim/outage`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;

/// How the API behaves during an outage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum OutageMode {
    /// Every request gets 503 with `Retry-After`.
    Unavailable,
    /// Every connection is reset without a response.
    Reset,
    /// 503 for the first half, resets for the second (what the `outage` scenario does).
    UnavailableThenReset,
}

/// What the outage does to a request arriving now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutageEffect {
    /// Answer 503; the outage lasts `remaining` more.
    Unavailable { remaining: Duration },
    /// Reset the connection.
    Reset,
}

impl OutageEffect {
    /// `Retry-After` seconds: the rest of the outage, rounded up.
    pub(crate) fn retry_after_seconds(remaining: Duration) -> u64 {
        remaining
            .as_secs()
            .saturating_add(u64::from(remaining.subsec_nanos() > 0))
    }
}

/// One outage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutageWindow {
    #[serde(skip)]
    start: SimTime,
    #[serde(skip)]
    end: SimTime,
    mode: OutageMode,
    /// What started it: `"control"` or `"scenario"`.
    cause: &'static str,
    /// Set when listed: milliseconds until it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining_ms: Option<u64>,
}

impl OutageWindow {
    pub(crate) fn new(
        start: SimTime,
        length: Duration,
        mode: OutageMode,
        cause: &'static str,
    ) -> Self {
        OutageWindow {
            start,
            end: start.saturating_add(length),
            mode,
            cause,
            remaining_ms: None,
        }
    }

    /// A copy for listing, with the time left at `now`.
    pub(crate) fn listed_at(&self, now: SimTime) -> OutageWindow {
        let remaining = self.end.saturating_since(now).as_millis();
        OutageWindow {
            remaining_ms: Some(u64::try_from(remaining).unwrap_or(u64::MAX)),
            ..self.clone()
        }
    }

    pub(crate) fn effect_at(&self, now: SimTime) -> Option<OutageEffect> {
        if now < self.start || now >= self.end {
            return None;
        }
        let remaining = self.end.saturating_since(now);
        let unavailable = OutageEffect::Unavailable { remaining };
        match self.mode {
            OutageMode::Unavailable => Some(unavailable),
            OutageMode::Reset => Some(OutageEffect::Reset),
            OutageMode::UnavailableThenReset => {
                let halfway = self
                    .start
                    .saturating_add(self.end.saturating_since(self.start) / 2);
                Some(if now < halfway {
                    unavailable
                } else {
                    OutageEffect::Reset
                })
            }
        }
    }
}

/// Every outage that has not ended yet.
#[derive(Debug, Default)]
pub(crate) struct OutageBoard {
    windows: Vec<OutageWindow>,
}

impl OutageBoard {
    pub(crate) fn add(&mut self, window: OutageWindow) {
        self.windows.push(window);
    }

    /// What the outages do to a request arriving at `now`; forgets the ones that ended.
    pub(crate) fn effect_at(&mut self, now: SimTime) -> Option<OutageEffect> {
        self.windows.retain(|window| now < window.end);
        self.windows.iter().find_map(|window| window.effect_at(now))
    }

    /// The outages that have not ended, with their remaining time.
    pub(crate) fn active(&self, now: SimTime) -> Vec<OutageWindow> {
        self.windows
            .iter()
            .filter(|window| now < window.end)
            .map(|window| window.listed_at(now))
            .collect()
    }

    pub(crate) fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: u64) -> SimTime {
        SimTime::from_millis(millis)
    }

    #[test]
    fn a_split_outage_answers_503_then_resets_then_recovers() {
        let window = OutageWindow::new(
            at(1_000),
            Duration::from_millis(300),
            OutageMode::UnavailableThenReset,
            "scenario",
        );
        assert_eq!(window.effect_at(at(999)), None);
        assert_eq!(
            window.effect_at(at(1_000)),
            Some(OutageEffect::Unavailable {
                remaining: Duration::from_millis(300)
            })
        );
        assert_eq!(
            window.effect_at(at(1_149)),
            Some(OutageEffect::Unavailable {
                remaining: Duration::from_millis(151)
            })
        );
        assert_eq!(window.effect_at(at(1_150)), Some(OutageEffect::Reset));
        assert_eq!(window.effect_at(at(1_299)), Some(OutageEffect::Reset));
        assert_eq!(window.effect_at(at(1_300)), None);
    }

    #[test]
    fn single_mode_outages_do_one_thing_throughout() {
        let reset = OutageWindow::new(
            at(0),
            Duration::from_millis(10),
            OutageMode::Reset,
            "control",
        );
        assert_eq!(reset.effect_at(at(0)), Some(OutageEffect::Reset));
        assert_eq!(reset.effect_at(at(9)), Some(OutageEffect::Reset));
        let unavailable = OutageWindow::new(
            at(0),
            Duration::from_millis(10),
            OutageMode::Unavailable,
            "control",
        );
        assert!(matches!(
            unavailable.effect_at(at(9)),
            Some(OutageEffect::Unavailable { .. })
        ));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(OutageEffect::retry_after_seconds(Duration::ZERO), 0);
        assert_eq!(
            OutageEffect::retry_after_seconds(Duration::from_millis(1)),
            1
        );
        assert_eq!(OutageEffect::retry_after_seconds(Duration::from_secs(2)), 2);
        assert_eq!(
            OutageEffect::retry_after_seconds(Duration::from_millis(2_001)),
            3
        );
    }

    #[test]
    fn the_board_forgets_ended_outages() {
        let mut board = OutageBoard::default();
        board.add(OutageWindow::new(
            at(0),
            Duration::from_millis(10),
            OutageMode::Reset,
            "control",
        ));
        assert_eq!(board.active(at(4)).len(), 1);
        assert_eq!(board.active(at(4))[0].remaining_ms, Some(6));
        assert_eq!(board.effect_at(at(5)), Some(OutageEffect::Reset));
        assert_eq!(board.effect_at(at(10)), None);
        assert!(board.active(at(0)).is_empty());
    }
}
