//! SDDC Manager's own health check (SoS health summaries): [`HealthSummary`], what
//! [`super::Vcf52Client::health_check`] returns, and the reading of the bundle it downloads.
//!
//! The calls are the spec's `SOS` operations, the same in 5.2.1 and 9.0.2: `startHealthCheck`
//! `POST /v1/system/health-summary` (`HealthSummarySpec`, scoped to one domain by name) → 202
//! `HealthSummary`; `getHealthCheckStatus` `GET /v1/system/health-summary/{id}` until its
//! `status` is no longer running; `exportHealthCheckByID` `GET /v1/system/health-summary/{id}/data`
//! → the bundle, a `.tar.gz`. `HealthSummary.status` is the collection's, not the estate's
//! health: the checks are in the bundle. The spec does not describe the bundle's content; the
//! engine reads the first `health-results.json` in it, a JSON object with `checks[]` of
//! `{component, name, status, message}` (the layout `vcf-sim` writes, `docs/simulator.md`,
//! "Health summaries"). A bundle without it is an [`ApiError::InvalidResponse`].
//!
//! Gzip and tar are read here (inflate included: stored, fixed and dynamic Huffman blocks),
//! with a cap on the inflated size.

use std::time::Duration;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::dialect::ApiResult;
use super::error::ApiError;
use super::session::{logged, segment, Session};
use super::transport::ApiRequest;
use super::wire52::{
    Domain52, HealthSummary52, HealthSummaryDomain, HealthSummaryScope, HealthSummarySpec,
};
use crate::log_targets::API;

/// The file of a health summary bundle that holds the checks.
pub const RESULTS_FILE: &str = "health-results.json";

/// The most bytes a bundle may inflate to.
const MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;

/// A check's (or the estate's) health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Green,
    Yellow,
    Red,
}

impl HealthStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Red => "red",
        }
    }

    /// `GREEN`, `YELLOW`, `RED` in any case; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "GREEN" => Some(Self::Green),
            "YELLOW" => Some(Self::Yellow),
            "RED" => Some(Self::Red),
            _ => None,
        }
    }
}

/// One check of a health summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// What was checked: `SDDC Manager`, `NSX`, `vCenter`, `ESX hosts`, `vSAN`, ...
    pub component: String,
    pub name: String,
    pub status: HealthStatus,
    pub message: String,
}

/// A finished health summary: the worst status of its checks, and the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthSummary {
    /// The health summary task's id.
    pub id: String,
    /// Overall: the worst of `checks` (green when there are none).
    pub status: HealthStatus,
    pub checks: Vec<HealthCheck>,
    /// `HealthSummary.creationTimestamp` as SDDC Manager wrote it.
    pub started_at: Option<String>,
    /// `HealthSummary.completionTimestamp`.
    pub ended_at: Option<String>,
    /// `HealthSummary.bundleName`.
    pub bundle_name: Option<String>,
}

/// How long [`super::Vcf52Client::health_check`] waits: a status read every `interval`, at
/// most `max_polls` of them (each read goes through the session's retry policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthPolling {
    pub interval: Duration,
    pub max_polls: u32,
}

impl Default for HealthPolling {
    /// Every 10 s for up to 30 minutes.
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(10),
            max_polls: 180,
        }
    }
}

impl HealthPolling {
    /// A poll every `interval` for at most `timeout` (at least one poll).
    pub fn within(interval: Duration, timeout: Duration) -> Self {
        let interval_ms = interval.as_millis().max(1);
        let polls = timeout.as_millis().div_ceil(interval_ms).max(1);
        Self {
            interval,
            max_polls: u32::try_from(polls).unwrap_or(u32::MAX),
        }
    }
}

const START_PATH: &str = "/v1/system/health-summary";

/// Whether a collection status is still running; `Some(true)` done and successful,
/// `Some(false)` done and failed.
fn finished(status: &str) -> Option<bool> {
    let upper = status.to_ascii_uppercase();
    if upper.contains("FAIL") || upper.contains("ERROR") || upper.contains("CANCEL") {
        Some(false)
    } else if upper.contains("SUCCE") || upper == "COMPLETED" {
        Some(true)
    } else {
        None
    }
}

fn invalid(method: &str, path: &str, expected: &str, reason: String) -> ApiError {
    ApiError::InvalidResponse {
        method: method.to_owned(),
        path: path.to_owned(),
        expected: expected.to_owned(),
        reason,
    }
}

/// Starts a health summary of `domain_id`, waits for it and reads its bundle.
pub(crate) async fn health_check(
    session: &Session,
    domain_id: &str,
    polling: HealthPolling,
) -> ApiResult<HealthSummary> {
    logged("health check", run(session, domain_id, polling).await)
}

async fn run(
    session: &Session,
    domain_id: &str,
    polling: HealthPolling,
) -> ApiResult<HealthSummary> {
    let domain: Domain52 = session
        .get(format!("/v1/domains/{}", segment(domain_id)), "Domain")
        .await?;
    let spec = HealthSummarySpec {
        scope: HealthSummaryScope {
            domains: vec![HealthSummaryDomain {
                domain_name: &domain.name,
            }],
        },
    };
    // Not idempotent: a lost answer must not start a second one.
    let request = Session::request(Method::POST, START_PATH.to_owned(), &spec, false)?;
    let started: HealthSummary52 = session.fetch(&request, "HealthSummary").await?;
    let id = started
        .id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            invalid(
                "POST",
                START_PATH,
                "HealthSummary",
                "the answer has no id".to_owned(),
            )
        })?;
    log::info!(
        target: API,
        "health summary {id} of domain {} ({domain_id}) started",
        domain.name
    );
    let status_path = format!("{START_PATH}/{}", segment(&id));
    let mut summary = started;
    let mut polls = 0u32;
    loop {
        let status = summary.status.clone().unwrap_or_default();
        match finished(&status) {
            Some(true) => break,
            Some(false) => {
                return Err(invalid(
                    "GET",
                    &status_path,
                    "a completed health summary",
                    format!("SDDC Manager reported {status} for health summary {id}"),
                ))
            }
            None => {}
        }
        if polls >= polling.max_polls {
            return Err(ApiError::Timeout {
                method: "GET".to_owned(),
                path: status_path,
                after: polling.interval.saturating_mul(polls),
            });
        }
        tokio::time::sleep(polling.interval).await;
        polls += 1;
        summary = session.get(status_path.clone(), "HealthSummary").await?;
    }
    let data_path = format!("{status_path}/data");
    let bundle = session.call(&ApiRequest::get(data_path.clone())).await?;
    let checks = read_bundle(&bundle.body)
        .map_err(|reason| invalid("GET", &data_path, "a .tar.gz health summary bundle", reason))?;
    let status = overall(&checks);
    log::info!(
        target: API,
        "health summary {id} of domain {}: {} ({} checks)",
        domain.name,
        status.as_str(),
        checks.len()
    );
    Ok(HealthSummary {
        id,
        status,
        checks,
        started_at: summary.creation_timestamp,
        ended_at: summary.completion_timestamp,
        bundle_name: summary.bundle_name,
    })
}

/// The worst status of `checks`.
pub fn overall(checks: &[HealthCheck]) -> HealthStatus {
    checks
        .iter()
        .map(|check| check.status)
        .max()
        .unwrap_or(HealthStatus::Green)
}

#[derive(Deserialize)]
struct Report {
    #[serde(default)]
    checks: Vec<ReportCheck>,
}

#[derive(Deserialize)]
struct ReportCheck {
    #[serde(default)]
    component: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// The checks of a bundle (`.tar.gz` with a `health-results.json`).
pub fn read_bundle(bundle: &[u8]) -> Result<Vec<HealthCheck>, String> {
    let tar = gunzip(bundle)?;
    let contents = tar_file(&tar, |name| {
        name == RESULTS_FILE || name.ends_with(&format!("/{RESULTS_FILE}"))
    })?
    .ok_or_else(|| format!("the bundle has no {RESULTS_FILE}"))?;
    let report: Report = serde_json::from_slice(&contents)
        .map_err(|error| format!("{RESULTS_FILE} is not a health report: {error}"))?;
    Ok(report
        .checks
        .into_iter()
        .map(|check| {
            let text = check.status.unwrap_or_default();
            let status = HealthStatus::parse(&text).unwrap_or_else(|| {
                log::warn!(
                    target: API,
                    "a health check reported the status {text:?}, which the engine does not \
                     know; treating it as yellow"
                );
                HealthStatus::Yellow
            });
            HealthCheck {
                component: check.component.unwrap_or_default(),
                name: check.name.unwrap_or_default(),
                status,
                message: check.message.unwrap_or_default(),
            }
        })
        .collect())
}

// --- tar ---------------------------------------------------------------------------------

fn octal(field: &[u8]) -> Result<usize, String> {
    let text: String = field
        .iter()
        .take_while(|byte| **byte != 0)
        .map(|byte| char::from(*byte))
        .collect();
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    usize::from_str_radix(text, 8).map_err(|_| format!("a tar size field is not octal: {text:?}"))
}

fn text(field: &[u8]) -> String {
    let end = field
        .iter()
        .position(|byte| *byte == 0)
        .unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// The contents of the first regular file of a tar archive whose path `wanted` accepts
/// (ustar prefixes, GNU long names and pax `path` records are honoured).
fn tar_file(tar: &[u8], wanted: impl Fn(&str) -> bool) -> Result<Option<Vec<u8>>, String> {
    let mut offset = 0;
    let mut long_name: Option<String> = None;
    while offset + 512 <= tar.len() {
        let header = &tar[offset..offset + 512];
        if header.iter().all(|byte| *byte == 0) {
            break;
        }
        let size = octal(&header[124..136])?;
        let start = offset + 512;
        let end = start
            .checked_add(size)
            .filter(|end| *end <= tar.len())
            .ok_or_else(|| "the tar archive is truncated".to_owned())?;
        let contents = &tar[start..end];
        let kind = header[156];
        match kind {
            b'L' => long_name = Some(text(contents)),
            b'x' => {
                for record in String::from_utf8_lossy(contents).lines() {
                    if let Some((_, path)) = record.split_once(" path=") {
                        long_name = Some(path.to_owned());
                    }
                }
            }
            b'0' | 0 => {
                let name = long_name.take().unwrap_or_else(|| {
                    let name = text(&header[0..100]);
                    let prefix = if &header[257..262] == b"ustar" {
                        text(&header[345..500])
                    } else {
                        String::new()
                    };
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    }
                });
                if wanted(&name) {
                    return Ok(Some(contents.to_vec()));
                }
            }
            _ => long_name = None,
        }
        offset = start + size.div_ceil(512) * 512;
    }
    Ok(None)
}

// --- gzip and inflate (RFC 1951, 1952) -------------------------------------------------------

/// The CRC-32 gzip uses.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// The data of a gzip member (the first one), its CRC checked.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let short = || "the gzip data is truncated".to_owned();
    if data.len() < 18 || data[0] != 0x1f || data[1] != 0x8b {
        return Err("not gzip data".to_owned());
    }
    if data[2] != 8 {
        return Err(format!(
            "gzip compression method {} is not deflate",
            data[2]
        ));
    }
    let flags = data[3];
    let mut position = 10;
    if flags & 4 != 0 {
        let extra = data.get(position..position + 2).ok_or_else(short)?;
        position += 2 + usize::from(u16::from_le_bytes([extra[0], extra[1]]));
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            let rest = data.get(position..).ok_or_else(short)?;
            position += rest.iter().position(|byte| *byte == 0).ok_or_else(short)? + 1;
        }
    }
    if flags & 2 != 0 {
        position += 2;
    }
    let body = data.get(position..).ok_or_else(short)?;
    let (out, used) = inflate(body)?;
    let trailer = body.get(used..used + 8).ok_or_else(short)?;
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    if crc != crc32(&out) {
        return Err("the gzip data's CRC does not match".to_owned());
    }
    Ok(out)
}

struct Bits<'a> {
    data: &'a [u8],
    position: usize,
    buffer: u64,
    count: u32,
}

impl Bits<'_> {
    fn bits(&mut self, wanted: u32) -> Result<u32, String> {
        while self.count < wanted {
            let byte = *self
                .data
                .get(self.position)
                .ok_or_else(|| "the deflate data is truncated".to_owned())?;
            self.position += 1;
            self.buffer |= u64::from(byte) << self.count;
            self.count += 8;
        }
        let value = (self.buffer & ((1u64 << wanted) - 1)) as u32;
        self.buffer >>= wanted;
        self.count -= wanted;
        Ok(value)
    }

    fn align(&mut self) {
        self.buffer = 0;
        self.count = 0;
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Self {
        let mut counts = [0u16; 16];
        for length in lengths {
            counts[usize::from(*length)] += 1;
        }
        counts[0] = 0;
        let mut offsets = [0u16; 16];
        for length in 1..15 {
            offsets[length + 1] = offsets[length] + counts[length];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, length) in lengths.iter().enumerate() {
            if *length != 0 {
                let slot = &mut offsets[usize::from(*length)];
                symbols[usize::from(*slot)] = symbol as u16;
                *slot += 1;
            }
        }
        Self { counts, symbols }
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for length in 1..16 {
            code |= bits.bits(1)? as i32;
            let count = i32::from(self.counts[length]);
            if code - count < first {
                return self
                    .symbols
                    .get((index + (code - first)) as usize)
                    .copied()
                    .ok_or_else(|| "a deflate code is not valid".to_owned());
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        Err("a deflate code is not valid".to_owned())
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// A raw deflate stream: the data and how many input bytes it took.
fn inflate(data: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let mut bits = Bits {
        data,
        position: 0,
        buffer: 0,
        count: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.bits(1)? == 1;
        match bits.bits(2)? {
            0 => {
                bits.align();
                let header = data
                    .get(bits.position..bits.position + 4)
                    .ok_or_else(|| "the deflate data is truncated".to_owned())?;
                let length = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let check = u16::from_le_bytes([header[2], header[3]]);
                if usize::from(!check) != length {
                    return Err("a stored deflate block's length is corrupt".to_owned());
                }
                bits.position += 4;
                let block = data
                    .get(bits.position..bits.position + length)
                    .ok_or_else(|| "the deflate data is truncated".to_owned())?;
                out.extend_from_slice(block);
                bits.position += length;
            }
            1 => {
                let mut lengths = [0u8; 288];
                lengths[..144].fill(8);
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[280..].fill(8);
                let literals = Huffman::new(&lengths);
                let distances = Huffman::new(&[5u8; 30]);
                codes(&mut bits, &mut out, &literals, &distances)?;
            }
            2 => {
                let (literals, distances) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, &literals, &distances)?;
            }
            _ => return Err("a deflate block has the reserved type 3".to_owned()),
        }
        if out.len() > MAX_INFLATED_BYTES {
            return Err(format!(
                "the bundle inflates past {MAX_INFLATED_BYTES} bytes"
            ));
        }
        if last {
            return Ok((out, bits.position));
        }
    }
}

fn dynamic(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman), String> {
    let literal_count = bits.bits(5)? as usize + 257;
    let distance_count = bits.bits(5)? as usize + 1;
    let code_count = bits.bits(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err("a dynamic deflate block has too many codes".to_owned());
    }
    let mut code_lengths = [0u8; 19];
    for index in CODE_LENGTH_ORDER.iter().take(code_count) {
        code_lengths[*index] = bits.bits(3)? as u8;
    }
    let code_lengths = Huffman::new(&code_lengths);
    let mut lengths = vec![0u8; literal_count + distance_count];
    let mut index = 0;
    while index < lengths.len() {
        let symbol = code_lengths.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *index
                    .checked_sub(1)
                    .and_then(|previous| lengths.get(previous))
                    .ok_or_else(|| "a deflate length repeats nothing".to_owned())?;
                (previous, 3 + bits.bits(2)? as usize)
            }
            17 => (0, 3 + bits.bits(3)? as usize),
            _ => (0, 11 + bits.bits(7)? as usize),
        };
        if index + repeat > lengths.len() {
            return Err("deflate code lengths overflow".to_owned());
        }
        lengths[index..index + repeat].fill(value);
        index += repeat;
    }
    if lengths[256] == 0 {
        return Err("a dynamic deflate block has no end code".to_owned());
    }
    Ok((
        Huffman::new(&lengths[..literal_count]),
        Huffman::new(&lengths[literal_count..]),
    ))
}

fn codes(
    bits: &mut Bits<'_>,
    out: &mut Vec<u8>,
    literals: &Huffman,
    distances: &Huffman,
) -> Result<(), String> {
    loop {
        let symbol = usize::from(literals.decode(bits)?);
        match symbol {
            0..=255 => out.push(symbol as u8),
            256 => return Ok(()),
            _ => {
                let index = symbol - 257;
                let (base, extra) = LENGTH_BASE
                    .get(index)
                    .zip(LENGTH_EXTRA.get(index))
                    .ok_or_else(|| "a deflate length code is not valid".to_owned())?;
                let length = usize::from(*base) + bits.bits(u32::from(*extra))? as usize;
                let index = usize::from(distances.decode(bits)?);
                let (base, extra) = DISTANCE_BASE
                    .get(index)
                    .zip(DISTANCE_EXTRA.get(index))
                    .ok_or_else(|| "a deflate distance code is not valid".to_owned())?;
                let distance = usize::from(*base) + bits.bits(u32::from(*extra))? as usize;
                if distance > out.len() {
                    return Err("a deflate distance reaches before the start".to_owned());
                }
                let start = out.len() - distance;
                for offset in 0..length {
                    out.push(out[start + offset]);
                }
                if out.len() > MAX_INFLATED_BYTES {
                    return Err(format!(
                        "the bundle inflates past {MAX_INFLATED_BYTES} bytes"
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;

    fn b64(text: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .expect("base64")
    }

    /// A bundle written by Python's `tarfile` (pax format, gzip level 9): a
    /// `sos-2025-01-01/health-report/health-results.json` with one YELLOW and one GREEN check.
    const PYTHON_BUNDLE: &str = "H4sIAHNgEGsC/+3STUvEMBAG4J77K0LPW01Ldw/eZC1elhXcg4h4CHW0tR8pmXRRZP+70yoKu3rxIIjvQyDJzLTvJWw5TnU6j3Ui67gk0/gydtRb5z9vPDSejx7ZdsEPaLHIsmkX+7vOkvTjPNWTRarngdLBLxjYGyfxwf/0EqrIbsmZptl44weOTlR0na9WF1fRTHpFSUU9Fm9CpWRYScm2ve2o8+PodikHcuOstDrT0lhdkvPVfVUYT+8d/uLnUm6J2TxM39BTX8lLU1Wn0kTdmWeOZGQ3+yZ3c7reCz2ruFZvT/Yg9Pwyz9eHmbaeMkJ1G+4CAAAAAAAAAAAAAAAAAAAAAACAP+UVBP3NsAAoAAA=";

    #[test]
    fn a_bundle_of_another_writer_is_read() {
        let checks = read_bundle(&b64(PYTHON_BUNDLE)).expect("the bundle is read");
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].component, "vCenter");
        assert_eq!(checks[0].status, HealthStatus::Yellow);
        assert_eq!(checks[0].message, "expires in 21 days");
        assert_eq!(checks[1].status, HealthStatus::Green);
        assert_eq!(overall(&checks), HealthStatus::Yellow);
    }

    #[test]
    fn fixed_huffman_blocks_inflate() {
        let (out, used) = inflate(&b64("y0jNyclXyECQAA==")).expect("inflates");
        assert_eq!(out, b"hello hello hello");
        assert_eq!(used, 10);
    }

    #[test]
    fn stored_blocks_inflate_and_corruption_is_an_error() {
        let mut stored = vec![1u8, 3, 0, 0xfc, 0xff];
        stored.extend_from_slice(b"abc");
        assert_eq!(inflate(&stored).expect("inflates").0, b"abc");
        stored[3] = 0;
        assert!(inflate(&stored).is_err());
        assert!(gunzip(b"not gzip at all, not at all").is_err());
        let mut bundle = b64(PYTHON_BUNDLE);
        let crc = bundle.len() - 8;
        bundle[crc] ^= 1;
        assert_eq!(
            gunzip(&bundle).unwrap_err(),
            "the gzip data's CRC does not match"
        );
    }

    #[test]
    fn statuses_are_read_in_any_case_and_the_worst_wins() {
        assert_eq!(HealthStatus::parse("green"), Some(HealthStatus::Green));
        assert_eq!(HealthStatus::parse("RED"), Some(HealthStatus::Red));
        assert_eq!(HealthStatus::parse("GRAY"), None);
        assert_eq!(overall(&[]), HealthStatus::Green);
        assert!(HealthStatus::Red > HealthStatus::Yellow);
        assert!(HealthStatus::Yellow > HealthStatus::Green);
    }

    #[test]
    fn polling_bounds_cover_the_timeout() {
        let polling = HealthPolling::within(Duration::from_secs(10), Duration::from_secs(95));
        assert_eq!(polling.max_polls, 10);
        let polling = HealthPolling::within(Duration::from_secs(10), Duration::ZERO);
        assert_eq!(polling.max_polls, 1);
    }

    #[test]
    fn collection_statuses_fall_into_running_done_and_failed() {
        assert_eq!(finished("IN_PROGRESS"), None);
        assert_eq!(finished("PENDING"), None);
        assert_eq!(finished("COMPLETED_WITH_SUCCESS"), Some(true));
        assert_eq!(finished("COMPLETED_WITH_FAILURE"), Some(false));
    }
}
