import assert from "node:assert/strict";
import { test } from "node:test";

import type { HassEntity, HomeAssistant } from "../src/hass.js";
import { localize } from "../src/localize.js";
import {
  COMPONENT_NAMES,
  DomainNotFound,
  componentName,
  domainDevices,
  domainView,
  formatDuration,
  formatClock,
  formatTime,
  readLog,
  phaseLabelState,
  phaseProgress,
  readPrecheck,
  readWaitingFor,
  resolveDomain,
  showsProgress,
  timeZoneOf,
  validateConfig,
  type CardConfig,
} from "../src/model.js";

function entity(entity_id: string, state: string, attributes: Record<string, unknown> = {}): HassEntity {
  return { entity_id, state, attributes, last_changed: "", last_updated: "" };
}

/** The view the card builds: the domain's entities found, then their states read. */
function viewOf(h: HomeAssistant, config: CardConfig) {
  return domainView(h, resolveDomain(h, config));
}

/** Two domains of one SDDC Manager, as the registries and states show them. */
function hass(statusState = "waiting_for_initiation", statusAttributes: Record<string, unknown> = {}): HomeAssistant {
  const entities = [
    ["sensor.vcf_domain1_upgrade_status", "d1", "upgrade_status"],
    ["button.vcf_domain1_start_upgrade", "d1", "start_upgrade"],
    ["button.vcf_domain1_run_precheck", "d1", "run_precheck"],
    ["sensor.vcf_domain1_current_version", "d1", "current_version"],
    ["sensor.vcf_domain1_available_version", "d1", "available_version"],
    ["sensor.vcf_domain1_upgrade_logs", "d1", "upgrade_logs"],
    ["sensor.vcf_domain10_upgrade_status", "d10", "upgrade_status"],
    ["sensor.vcf_domain2_upgrade_status", "d2", "upgrade_status"],
    ["binary_sensor.vcf_connection", "hub", "connection"],
    ["sensor.other_upgrade_status", "x", "upgrade_status"],
  ];
  return {
    entities: Object.fromEntries(
      entities.map(([entity_id, device_id, translation_key]) => [
        entity_id,
        { entity_id, device_id, translation_key, platform: device_id === "x" ? "other" : "datacenter_assistant" },
      ]),
    ),
    devices: {
      d1: { id: "d1", name: "VCF wld-01", name_by_user: null, via_device_id: "hub" },
      hub: { id: "hub", name: "SDDC Manager", name_by_user: null, via_device_id: null },
    },
    states: {
      "sensor.vcf_domain1_upgrade_status": entity("sensor.vcf_domain1_upgrade_status", statusState, {
        running: false,
        ...statusAttributes,
      }),
      "button.vcf_domain1_start_upgrade": entity("button.vcf_domain1_start_upgrade", "unknown"),
      "button.vcf_domain1_run_precheck": entity("button.vcf_domain1_run_precheck", "unknown"),
      "sensor.vcf_domain1_current_version": entity("sensor.vcf_domain1_current_version", "5.1.0.0"),
      "sensor.vcf_domain1_available_version": entity("sensor.vcf_domain1_available_version", "5.2.1.0", {
        up_to_date: false,
      }),
      "sensor.vcf_domain1_upgrade_logs": entity("sensor.vcf_domain1_upgrade_logs", "x", {
        markdown: "## Upgrade Log (what a markdown card shows; the card reads entries)",
        entries: [
          { at: "2026-11-26T12:00:05.000Z", level: "info", message: "Started" },
          { at: "2026-11-26T12:00:09.000Z", level: "warning", message: "Precheck warning: disk *almost* full <90%>" },
        ],
      }),
      "binary_sensor.vcf_connection": entity("binary_sensor.vcf_connection", "on"),
    },
    language: "en",
    callService: async () => undefined,
  };
}

test("a domain is found by its device or by its status entity", () => {
  for (const config of [{ type: "t", device: "d1" }, { type: "t", entity: "sensor.vcf_domain1_upgrade_status" }]) {
    const view = viewOf(hass(), config);
    assert.equal(view.name, "VCF wld-01");
    assert.equal(view.entities.start, "button.vcf_domain1_start_upgrade");
    assert.equal(view.entities.connection, "binary_sensor.vcf_connection");
    assert.equal(view.currentVersion, "5.1.0.0");
    assert.equal(view.targetVersion, "5.2.1.0");
    assert.equal(view.connected, true);
  }
});

test("an unknown device or another integration's entity is not a domain", () => {
  assert.throws(() => viewOf(hass(), { type: "t", device: "nope" }), DomainNotFound);
  assert.throws(() => viewOf(hass(), { type: "t", entity: "sensor.other_upgrade_status" }), DomainNotFound);
});

test("the domains are listed in the order of their numbers", () => {
  assert.deepEqual(domainDevices(hass()), ["d1", "d2", "d10"]);
});

test("start is offered only with an update and no run", () => {
  assert.equal(viewOf(hass(), { type: "t", device: "d1" }).canStart, true);
  assert.equal(viewOf(hass("upgrade_in_progress", { running: true }), { type: "t", device: "d1" }).canStart, false);
  const upToDate = hass();
  upToDate.states["sensor.vcf_domain1_available_version"] = entity("sensor.vcf_domain1_available_version", "5.1.0.0", {
    up_to_date: true,
  });
  const view = viewOf(upToDate, { type: "t", device: "d1" });
  assert.equal(view.canStart, false);
  assert.equal(view.targetVersion, null);
  assert.equal(view.upToDate, true);
});

test("acknowledge is offered while the run waits, unless an acknowledgment is already kept", () => {
  const waiting = { running: true, target_version: "5.2.1.0" };
  assert.equal(viewOf(hass("waiting_for_acknowledgment", waiting), { type: "t", device: "d1" }).canAcknowledge, true);
  assert.equal(
    viewOf(hass("waiting_for_acknowledgment", { ...waiting, acknowledgment_pending: true }), { type: "t", device: "d1" })
      .canAcknowledge,
    false,
  );
  assert.equal(viewOf(hass("upgrade_in_progress", waiting), { type: "t", device: "d1" }).canAcknowledge, false);
});

test("a run shows the version it aims at and its progress", () => {
  const view = viewOf(hass("downloading_bundle", { running: true, target_version: "5.2.0.0", progress_percent: 40 }), {
    type: "t",
    device: "d1",
  });
  assert.equal(view.targetVersion, "5.2.0.0");
  assert.equal(view.progress, 40);
  assert.equal(showsProgress(view), true);
  assert.equal(showsProgress(viewOf(hass("waiting_for_acknowledgment", { running: true }), { type: "t", device: "d1" })), false);
});

test("SDDC Manager not answering a run counts as disconnected", () => {
  const view = viewOf(hass("upgrade_in_progress", { running: true, sddc_manager_reachable: false }), {
    type: "t",
    device: "d1",
  });
  assert.equal(view.connected, false);
});

test("the log is read from the structured entries, newest first", () => {
  assert.deepEqual(readLog(hass().states["sensor.vcf_domain1_upgrade_logs"].attributes.entries), [
    { at: "2026-11-26T12:00:09.000Z", level: "warning", message: "Precheck warning: disk *almost* full <90%>" },
    { at: "2026-11-26T12:00:05.000Z", level: "info", message: "Started" },
  ]);
  assert.deepEqual(readLog(undefined), []);
  assert.deepEqual(readLog("## No Messages"), []);
  // Entries that are not log entries are left out, not shown half.
  assert.deepEqual(readLog([{ at: "x", level: "debug", message: "m" }, null, { at: 1, level: "info", message: "m" }]), []);
});

test("a log entry's time is the time of day in the user's language and zone", () => {
  assert.equal(formatClock("2026-11-26T12:00:09.000Z", "en-GB", "UTC"), "12:00:09");
  assert.equal(formatClock("2026-11-26T12:00:09.000Z", "de", "Europe/Berlin"), "13:00:09");
  assert.equal(formatClock("not a time", "en", "UTC"), "not a time");
});

test("a configuration needs a device or an entity and a sane number of log lines", () => {
  assert.throws(() => validateConfig({ type: "t" }), /device/);
  assert.throws(() => validateConfig({ type: "t", device: "d1", log_lines: -1 }), /log_lines/);
  assert.deepEqual(validateConfig({ type: "t", device: "d1", log_lines: 5 }), { type: "t", device: "d1", log_lines: 5 });
});

test("durations and texts read well", () => {
  assert.equal(formatDuration(12.4), "12 s");
  assert.equal(formatDuration(200), "3 min 20 s");
  assert.equal(formatDuration(3840), "1 h 4 min");
  assert.equal(formatDuration(null), "");
  assert.equal(localize("fr-FR", "start_upgrade"), "Start upgrade");
  assert.equal(localize("en", "progress", { percent: 40 }), "40 %");
});

test("the upgrade phase's bar moves by component, and within one by SDDC Manager's percent", () => {
  const component = (state: string, position: number) => ({
    component: `C${position}`,
    from_version: "1",
    to_version: "2",
    position,
    total: 4,
    state,
    duration: 1,
  });
  const upgrading = (progress: number | null, states: string[]) =>
    viewOf(
      hass("upgrade_in_progress", {
        running: true,
        progress_percent: progress,
        components: states.map((state, i) => component(state, i + 1)),
      }),
      { type: "t", device: "d1" },
    );
  assert.equal(phaseProgress(upgrading(null, ["completed", "completed", "in_progress"])), 50);
  assert.equal(phaseProgress(upgrading(40, ["completed", "in_progress"])), 35);
  assert.equal(phaseProgress(upgrading(null, [])), null);
  const downloading = viewOf(hass("downloading_bundle", { running: true, progress_percent: 70 }), {
    type: "t",
    device: "d1",
  });
  assert.equal(phaseProgress(downloading), 70);
});

const WAITING_FOR =
  "Waiting for SDDC Manager 5.2.1.0: upgrade the management domain mgmt-domain first (SDDC Manager runs 5.1.1.0)";

/** The upgrade phase as the integration reports it while the run is in `upgrade_in_progress`. */
const UPGRADING_PHASES = [
  { phase: "precheck_running", status: "done", duration: 5 },
  { phase: "upgrade_in_progress", status: "current", duration: 0 },
  { phase: "waiting_for_acknowledgment", status: "pending", duration: null },
];

test("waiting_for is read as text, and nothing else counts as waiting", () => {
  assert.equal(readWaitingFor(WAITING_FOR), WAITING_FOR);
  assert.equal(readWaitingFor(null), null);
  assert.equal(readWaitingFor(undefined), null);
  assert.equal(readWaitingFor(""), null);
  assert.equal(readWaitingFor(3), null);
  assert.equal(viewOf(hass(), { type: "t", device: "d1" }).waitingFor, null);
});

test("a run held by VCF's order waits in its phase, without a progress bar", () => {
  const attributes = { running: true, target_version: "5.2.1.0", progress_percent: 0, phases: UPGRADING_PHASES };
  const held = viewOf(hass("upgrade_in_progress", { ...attributes, waiting_for: WAITING_FOR }), {
    type: "t",
    device: "d1",
  });
  assert.equal(held.waitingFor, WAITING_FOR);
  assert.deepEqual(
    held.phases.map((p) => p.status),
    ["done", "waiting", "pending"],
  );
  assert.equal(showsProgress(held), false);
  const upgrading = viewOf(hass("upgrade_in_progress", { ...attributes, waiting_for: null }), {
    type: "t",
    device: "d1",
  });
  assert.deepEqual(
    upgrading.phases.map((p) => p.status),
    ["done", "current", "pending"],
  );
  assert.equal(showsProgress(upgrading), true);
});

test("cancel is offered while the run waits for VCF's order or for an acknowledgment, only then", () => {
  const d1 = { type: "t", device: "d1" };
  const running = { running: true, target_version: "5.2.1.0" };
  assert.equal(viewOf(hass("upgrade_in_progress", { ...running, waiting_for: WAITING_FOR }), d1).canCancel, true);
  assert.equal(viewOf(hass("waiting_for_acknowledgment", running), d1).canCancel, true);
  assert.equal(
    viewOf(hass("waiting_for_acknowledgment", { ...running, acknowledgment_pending: true }), d1).canCancel,
    true,
  );
  // A component upgrade runs on SDDC Manager: the integration refuses to cancel it.
  assert.equal(viewOf(hass("upgrade_in_progress", { ...running, waiting_for: null }), d1).canCancel, false);
  for (const state of ["downloading_bundle", "precheck_running", "waiting_for_initiation", "upgrade_completed"]) {
    assert.equal(viewOf(hass(state, state.startsWith("waiting") ? {} : running), d1).canCancel, false, state);
  }
  assert.equal(viewOf(hass("unavailable", { waiting_for: WAITING_FOR }), d1).canCancel, false);
});

test("the precheck button is found on the domain's device and offered like the start button", () => {
  const d1 = { type: "t", device: "d1" };
  const view = viewOf(hass(), d1);
  assert.equal(view.entities.precheck, "button.vcf_domain1_run_precheck");
  assert.equal(view.canPrecheck, true);
  assert.equal(viewOf(hass("precheck_running", { running: true }), d1).canPrecheck, false);
  assert.equal(viewOf(hass("upgrade_in_progress", { running: true, waiting_for: WAITING_FOR }), d1).canPrecheck, false);
  // A failed precheck can be run again.
  assert.equal(viewOf(hass("precheck_failed"), d1).canPrecheck, true);

  const upToDate = hass();
  upToDate.states["sensor.vcf_domain1_available_version"] = entity("sensor.vcf_domain1_available_version", "5.1.0.0", {
    up_to_date: true,
  });
  assert.equal(viewOf(upToDate, d1).canPrecheck, false);

  const unavailable = hass();
  unavailable.states["button.vcf_domain1_run_precheck"] = entity("button.vcf_domain1_run_precheck", "unavailable");
  assert.equal(viewOf(unavailable, d1).canPrecheck, false);
  assert.equal(viewOf(unavailable, d1).canStart, true);

  // An integration without the button: no precheck offered, start still is.
  const older = hass();
  delete older.entities["button.vcf_domain1_run_precheck"];
  const withoutButton = viewOf(older, d1);
  assert.equal(withoutButton.entities.precheck, undefined);
  assert.equal(withoutButton.canPrecheck, false);
  assert.equal(withoutButton.canStart, true);
});

test("the last precheck is read from the status sensor, and a malformed one is none", () => {
  const summary = {
    at: "2026-11-26T12:00:09Z",
    version: "5.2.1.0",
    passed: false,
    errors: 1,
    warnings: 2,
    findings: ["ESXi host esx-01: disk almost full", "NSX Manager: backup older than 7 days", 7, "vCenter: certificate"],
  };
  const view = viewOf(hass("precheck_failed", { last_precheck: summary }), { type: "t", device: "d1" });
  assert.deepEqual(view.lastPrecheck, {
    at: "2026-11-26T12:00:09Z",
    version: "5.2.1.0",
    passed: false,
    errors: 1,
    warnings: 2,
    findings: ["ESXi host esx-01: disk almost full", "NSX Manager: backup older than 7 days", "vCenter: certificate"],
  });
  assert.equal(viewOf(hass(), { type: "t", device: "d1" }).lastPrecheck, null);
  assert.equal(readPrecheck(null), null);
  assert.equal(readPrecheck([]), null);
  assert.equal(readPrecheck({ version: "5.2.1.0", passed: true }), null);
  assert.deepEqual(readPrecheck({ at: "2026-11-26T12:00:09Z", passed: true }), {
    at: "2026-11-26T12:00:09Z",
    version: "",
    passed: true,
    errors: 0,
    warnings: 0,
    findings: [],
  });
});

test("a precheck's time is local in the user's language and time zone", () => {
  // ICU versions differ in the space before "AM" (a narrow no-break space in newer ones).
  const plain = (text: string) => text.replace(/\s/g, " ");
  assert.equal(plain(formatTime("2026-11-26T12:00:09Z", "en-GB", "UTC")), "26 Nov 2026, 12:00");
  assert.equal(plain(formatTime("2026-11-26T12:00:09Z", "en-US", "America/New_York")), "Nov 26, 2026, 7:00 AM");
  assert.equal(formatTime("not a time", "en"), "not a time");
  const h = hass();
  assert.equal(timeZoneOf(h), undefined);
  h.locale = { language: "en", time_zone: "server" };
  h.config = { time_zone: "Europe/Berlin" };
  assert.equal(timeZoneOf(h), "Europe/Berlin");
  h.locale = { language: "en", time_zone: "local" };
  assert.equal(timeZoneOf(h), undefined);
});

test("the new texts are localized, with their placeholders filled", () => {
  assert.equal(localize("en", "run_precheck"), "Run precheck");
  assert.equal(localize("en", "cancel_run"), "Cancel run");
  assert.equal(localize("en", "last_precheck"), "Last precheck");
  assert.equal(localize("en", "precheck_counts", { errors: 1, warnings: 2 }), "Errors: 1 · Warnings: 2");
  assert.equal(localize("fr", "all_findings", { count: 5 }), "All 5 findings");
});

test("components are named as VMware names them; an unknown one as given", () => {
  assert.equal(componentName("SDDC_MANAGER"), "SDDC Manager");
  assert.equal(componentName("NSX_T_MANAGER"), "NSX");
  assert.equal(componentName("VCENTER"), "vCenter");
  assert.equal(componentName("ESX_HOST"), "ESXi");
  assert.equal(componentName("VXRAIL_MANAGER"), "VXRAIL_MANAGER");
  assert.equal(componentName("toString"), "toString");
  assert.equal(Object.keys(COMPONENT_NAMES).length, 4);
});

test("the step a run failed in is named by its failure, the others by their phase", () => {
  const step = (phase: string, status: "done" | "failed" | "pending") => ({ phase, status, duration: null });
  // A failed precheck: "Precheck failed", not "Precheck running".
  assert.equal(phaseLabelState({ state: "precheck_failed" }, step("precheck_running", "failed")), "precheck_failed");
  assert.equal(phaseLabelState({ state: "precheck_failed" }, step("downloading_bundle", "done")), "downloading_bundle");
  assert.equal(phaseLabelState({ state: "precheck_failed" }, step("upgrade_in_progress", "pending")), "upgrade_in_progress");
  // A failed download or upgrade: "Upgrade failed".
  assert.equal(phaseLabelState({ state: "upgrade_failed" }, step("downloading_bundle", "failed")), "upgrade_failed");
  assert.equal(phaseLabelState({ state: "upgrade_failed" }, step("upgrade_in_progress", "failed")), "upgrade_failed");
  // A failed step shown before the state moved (attributes ahead of the state): still a failure.
  assert.equal(phaseLabelState({ state: "precheck_running" }, step("precheck_running", "failed")), "precheck_failed");
  assert.equal(phaseLabelState({ state: "upgrade_in_progress" }, step("upgrade_in_progress", "failed")), "upgrade_failed");
});

test("the stepper of a failed precheck names its failed step through the status sensor's states", () => {
  const phases = [
    { phase: "downloading_bundle", status: "done", duration: 20 },
    { phase: "precheck_running", status: "failed", duration: 5 },
    { phase: "upgrade_in_progress", status: "pending", duration: null },
  ];
  const view = viewOf(hass("precheck_failed", { phases }), { type: "t", device: "d1" });
  const translated: Record<string, string> = {
    downloading_bundle: "Downloading bundle",
    precheck_running: "Precheck running",
    precheck_failed: "Precheck failed",
    upgrade_in_progress: "Upgrade in progress",
  };
  assert.deepEqual(
    view.phases.map((p) => translated[phaseLabelState(view, p)]),
    ["Downloading bundle", "Precheck failed", "Upgrade in progress"],
  );
});
