// `custom:datacenter-assistant-upgrade-card`: one VCF domain's upgrade at a glance.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from "lit";

import { DatacenterAssistantUpgradeCardEditor, EDITOR_TYPE } from "./editor.js";
import type { HomeAssistant } from "./hass.js";
import { localize, userLanguage, type TextKey } from "./localize.js";
import {
  ACKNOWLEDGE_SERVICE,
  CANCEL_SERVICE,
  DEFAULT_LOG_LINES,
  DomainNotFound,
  INTEGRATION,
  PRECHECK_FINDINGS,
  componentName,
  domainDevices,
  domainView,
  resolveDomain,
  formatDuration,
  formatClock,
  formatTime,
  phaseLabelState,
  phaseProgress,
  showsProgress,
  timeZoneOf,
  validateConfig,
  type Alert,
  type CardConfig,
  type Component,
  type DomainEntities,
  type DomainView,
  type Phase,
  type Precheck,
} from "./model.js";
import { cardStyles } from "./styles.js";

export const CARD_TYPE = "datacenter-assistant-upgrade-card";

const PHASE_ICONS: Record<string, string> = {
  waiting_for_initiation: "mdi:play-circle-outline",
  targeting_new_vcf_version: "mdi:target",
  downloading_bundle: "mdi:download",
  precheck_running: "mdi:clipboard-check-outline",
  upgrade_in_progress: "mdi:update",
  waiting_for_acknowledgment: "mdi:hand-back-right-outline",
  upgrade_completed: "mdi:flag-checkered",
};
const STATUS_ICONS: Partial<Record<Phase["status"], string>> = {
  done: "mdi:check",
  failed: "mdi:close",
  waiting: "mdi:pause",
};
const COMPONENT_ICONS: Record<Component["state"], string> = {
  in_progress: "mdi:progress-upload",
  waiting: "mdi:pause-circle",
  completed: "mdi:check-circle",
  failed: "mdi:alert-circle",
};

type Action = "start" | "acknowledge" | "precheck" | "cancel";

export class DatacenterAssistantUpgradeCard extends LitElement {
  static styles = cardStyles;

  static properties = {
    hass: { attribute: false },
    _config: { state: true },
    _confirmingStart: { state: true },
    _confirmingCancel: { state: true },
    _pending: { state: true },
    _error: { state: true },
    _fullLog: { state: true },
    _allFindings: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare _config: CardConfig | undefined;
  declare _confirmingStart: boolean;
  declare _confirmingCancel: boolean;
  declare _pending: Action | null;
  declare _error: string | null;
  declare _fullLog: boolean;
  declare _allFindings: boolean;

  /** The domain's entities, found again only when the registries or the config change. */
  private _resolution?: {
    registries: [HomeAssistant["entities"], HomeAssistant["devices"]];
    config: CardConfig;
    result: DomainEntities | DomainNotFound;
  };

  /** What this update renders, built once in `willUpdate`. */
  private _view: DomainView | DomainNotFound | undefined;

  constructor() {
    super();
    this._confirmingStart = false;
    this._confirmingCancel = false;
    this._pending = null;
    this._error = null;
    this._fullLog = false;
    this._allFindings = false;
  }

  setConfig(config: CardConfig): void {
    this._config = validateConfig(config);
  }

  static getConfigElement(): HTMLElement {
    return document.createElement(EDITOR_TYPE);
  }

  static getStubConfig(hass: HomeAssistant): CardConfig {
    const [device] = domainDevices(hass);
    return { type: `custom:${CARD_TYPE}`, device: device ?? "" };
  }

  getCardSize(): number {
    return 6 + (this._config?.log_lines ?? DEFAULT_LOG_LINES);
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, min_columns: 6, rows: "auto" };
  }

  protected shouldUpdate(changed: PropertyValues<this>): boolean {
    if (!changed.has("hass") || changed.size > 1) return true;
    // A new `hass` comes with every state change anywhere: render only when one of ours moved.
    const previous = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    if (previous === undefined || hass === undefined || this._config === undefined) return true;
    if (previous.entities !== hass.entities || previous.devices !== hass.devices) return true;
    // The translations of our states load after the first render, and the user may switch
    // language: each comes as a new formatter or locale.
    if (
      previous.formatEntityState !== hass.formatEntityState ||
      previous.language !== hass.language ||
      previous.locale !== hass.locale
    ) {
      return true;
    }
    const entities = this.resolve(hass, this._config);
    if (entities instanceof DomainNotFound) return true;
    return [
      entities.status,
      entities.start,
      entities.precheck,
      entities.currentVersion,
      entities.availableVersion,
      entities.log,
      entities.connection,
    ].some((id) => id !== undefined && previous.states[id] !== hass.states[id]);
  }

  private resolve(hass: HomeAssistant, config: CardConfig): DomainEntities | DomainNotFound {
    const cached = this._resolution;
    if (
      cached !== undefined &&
      cached.config === config &&
      cached.registries[0] === hass.entities &&
      cached.registries[1] === hass.devices
    ) {
      return cached.result;
    }
    let result: DomainEntities | DomainNotFound;
    try {
      result = resolveDomain(hass, config);
    } catch (error) {
      if (!(error instanceof DomainNotFound)) throw error;
      result = error;
    }
    this._resolution = { registries: [hass.entities, hass.devices], config, result };
    return result;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hass === undefined || this._config === undefined) {
      this._view = undefined;
      return;
    }
    const entities = this.resolve(this.hass, this._config);
    try {
      this._view = entities instanceof DomainNotFound ? entities : domainView(this.hass, entities);
    } catch (error) {
      if (!(error instanceof DomainNotFound)) throw error;
      this._view = error;
    }
    // A confirmation outlives neither a run that started elsewhere nor a vanished update.
    if (this._confirmingStart && !(this._view instanceof DomainNotFound) && !this._view.canStart) {
      this._confirmingStart = false;
    }
    // Nor does one to cancel a run that ended or moved on to upgrading.
    if (this._confirmingCancel && !(this._view instanceof DomainNotFound) && !this._view.canCancel) {
      this._confirmingCancel = false;
    }
  }

  private get language(): string {
    return userLanguage(this.hass);
  }

  private t(key: TextKey, values?: Record<string, string | number>): string {
    return localize(this.language, key, values);
  }

  protected render(): TemplateResult | typeof nothing {
    const view = this._view;
    if (view === undefined) return nothing;
    if (view instanceof DomainNotFound) {
      return html`<ha-card class="not-found">
        <div class="error">${this.t("no_domain", { reference: view.reference || "?" })}</div>
      </ha-card>`;
    }
    return html`<ha-card data-state=${view.state}>
      ${this.renderHeader(view)} ${this.renderStepper(view)} ${this.renderStatus(view)}
      ${this.renderWaiting(view)} ${this.renderComponents(view)} ${this.renderAlerts(view)}
      ${this.renderPrecheck(view)} ${this.renderActions(view)} ${this.renderLog(view)}
    </ha-card>`;
  }

  private renderHeader(view: DomainView): TemplateResult {
    const connected = view.connected;
    return html`<div class="header">
      <div>
        <h2 class="title">${view.name}</h2>
        <div class="versions">
          <span class="current">${view.currentVersion ?? "–"}</span>
          ${view.targetVersion !== null
            ? html` → <span class="target">${view.targetVersion}</span>`
            : view.upToDate
              ? html` · ${this.t("up_to_date")}`
              : nothing}
        </div>
      </div>
      ${connected === null
        ? nothing
        : html`<div class="connection" data-connected=${String(connected)}>
            <span class="dot"></span>${this.t(connected ? "connected" : "disconnected")}
          </div>`}
    </div>`;
  }

  /** The step's name: the status sensor's translated state (a failed step's is its failure). */
  private phaseName(view: DomainView, phase: Phase): string {
    const state = phaseLabelState(view, phase);
    const format = this.hass?.formatEntityState;
    if (format !== undefined) return format(view.status, state);
    return state.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  }

  private renderStepper(view: DomainView): TemplateResult {
    return html`<ol class="stepper">
      ${view.phases.map((phase: Phase) => {
        const name = this.phaseName(view, phase);
        const duration = formatDuration(phase.duration);
        const title = `${name}: ${this.t(`phase_${phase.status}` as TextKey)}${duration ? ` (${duration})` : ""}`;
        return html`<li
          class="step"
          data-phase=${phase.phase}
          data-status=${phase.status}
          title=${title}
          aria-current=${phase.status === "current" || phase.status === "waiting" ? "step" : "false"}
        >
          <span class="marker"><ha-icon icon=${this.phaseIcon(view, phase)}></ha-icon></span>
          <span class="step-label">${name}</span>
        </li>`;
      })}
    </ol>`;
  }

  private phaseIcon(view: DomainView, phase: Phase): string {
    // A run held by VCF's order waits for something else to happen, not for the user.
    if (view.waitingFor !== null && phase.status === "waiting" && phase.phase === view.state) {
      return "mdi:timer-sand";
    }
    return STATUS_ICONS[phase.status] ?? PHASE_ICONS[phase.phase] ?? "mdi:circle-outline";
  }

  private renderStatus(view: DomainView): TemplateResult {
    if (!view.available) {
      return html`<div class="status"><span class="error">${this.t("unavailable")}</span></div>`;
    }
    // The component being upgraded; a download's bundle id would tell an operator nothing.
    const component = view.components.find((c) => c.state === "in_progress" || c.state === "waiting");
    const details = [
      component ? `${this.componentName(component)} (${component.position}/${component.total})` : "",
      view.progress !== null ? this.t("progress", { percent: view.progress }) : "",
    ].filter(Boolean);
    return html`<div class="status">
        <span class="state">${this.hass?.formatEntityState?.(view.status) ?? view.state}</span>
        ${view.running && view.waitingFor === null && details.length > 0
          ? html`<span class="detail">${details.join(" · ")}</span>`
          : nothing}
      </div>
      ${showsProgress(view) ? this.renderProgress(phaseProgress(view)) : nothing}`;
  }

  private renderWaiting(view: DomainView): TemplateResult | typeof nothing {
    if (view.waitingFor === null) return nothing;
    return html`<div class="waiting-for" role="status">
      <ha-icon icon="mdi:timer-sand"></ha-icon>
      <div>
        <div class="message">${view.waitingFor}</div>
        <div class="hint">${this.t("waiting_hint")}</div>
      </div>
    </div>`;
  }

  private renderProgress(percent: number | null): TemplateResult {
    return html`<div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${percent ?? nothing}
      data-percent=${percent ?? ""}
    >
      <div class="bar" style=${percent === null ? "" : `width: ${percent}%`}></div>
    </div>`;
  }

  private componentName(component: Component): string {
    return component.component === null ? this.t("whole_domain") : componentName(component.component);
  }

  private renderComponents(view: DomainView): TemplateResult | typeof nothing {
    if (view.components.length === 0) return nothing;
    return html`<section>
      <h3>${this.t("components")}</h3>
      <ul class="components">
        ${view.components.map(
          (c) => html`<li data-component=${c.component ?? "domain"} data-state=${c.state}>
            <ha-icon icon=${COMPONENT_ICONS[c.state]}></ha-icon>
            <div>
              <div>${this.componentName(c)}</div>
              <div class="versions-cell">
                ${c.from_version ?? ""}${c.from_version && c.to_version ? " → " : ""}${c.to_version ?? ""}
              </div>
            </div>
            <div class="meta">
              <div>${this.t(`component_${c.state}` as TextKey)}</div>
              <div>${formatDuration(c.duration)}</div>
            </div>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private renderAlerts(view: DomainView): TemplateResult | typeof nothing {
    if (view.state !== "waiting_for_acknowledgment" && view.alerts.length === 0) return nothing;
    return html`<section class="alert-box">
      <h3>${this.t("alerts")}</h3>
      <ul class="alerts">
        ${view.alerts.map(
          (alert: Alert) => html`<li data-kind=${alert.kind} data-severity=${alert.severity}>
            ${alert.component
              ? html`<span class="component">${componentName(alert.component)}:</span> `
              : nothing}${alert.message}
          </li>`,
        )}
      </ul>
      ${view.acknowledgmentPending ? html`<div class="empty">${this.t("acknowledgment_pending")}</div>` : nothing}
    </section>`;
  }

  private renderPrecheck(view: DomainView): TemplateResult | typeof nothing {
    const precheck: Precheck | null = view.lastPrecheck;
    if (precheck === null) return nothing;
    const findings = this._allFindings ? precheck.findings : precheck.findings.slice(0, PRECHECK_FINDINGS);
    const time = this.hass ? formatTime(precheck.at, this.language, timeZoneOf(this.hass)) : precheck.at;
    return html`<section class="precheck" data-passed=${String(precheck.passed)}>
      <div class="log-header">
        <h3>${this.t("last_precheck")}</h3>
        ${precheck.findings.length > PRECHECK_FINDINGS
          ? html`<button class="link all-findings" aria-expanded=${String(this._allFindings)} @click=${this.toggleFindings}>
              ${this._allFindings
                ? this.t("fewer_findings")
                : this.t("all_findings", { count: precheck.findings.length })}
            </button>`
          : nothing}
      </div>
      <div class="precheck-summary">
        <span class="outcome">
          <ha-icon icon=${precheck.passed ? "mdi:check-circle" : "mdi:alert-circle"}></ha-icon>
          ${this.t(precheck.passed ? "precheck_passed" : "precheck_failed")}
        </span>
        ${precheck.version ? html`<span>${this.t("precheck_version", { version: precheck.version })}</span>` : nothing}
        <time datetime=${precheck.at} title=${precheck.at}>${time}</time>
        <span class="counts">${this.t("precheck_counts", { errors: precheck.errors, warnings: precheck.warnings })}</span>
      </div>
      ${findings.length === 0
        ? html`<div class="empty">${this.t("no_findings")}</div>`
        : html`<ul class=${this._allFindings ? "findings full" : "findings"}>
            ${findings.map((finding) => html`<li class="message">${finding}</li>`)}
          </ul>`}
    </section>`;
  }

  private renderActions(view: DomainView): TemplateResult | typeof nothing {
    const error = this._error ? html`<div class="error" role="alert">${this._error}</div>` : nothing;
    if (this._confirmingStart && view.canStart) {
      return html`${error}<div class="confirm" role="alertdialog">
        <span>${this.t("confirm_start", { domain: view.name, version: view.targetVersion ?? "?" })}</span>
        <div class="actions">
          <button class="cancel" @click=${this.cancelStart}>${this.t("cancel")}</button>
          <button class="primary confirm-start" ?disabled=${this._pending !== null} @click=${this.confirmStart}>
            ${this._pending === "start" ? this.t("starting") : this.t("confirm_start_button")}
          </button>
        </div>
      </div>`;
    }
    if (this._confirmingCancel && view.canCancel) {
      return html`${error}<div class="confirm" role="alertdialog">
        <span>${this.t("confirm_cancel", { domain: view.name })}</span>
        <div class="actions">
          <button class="keep-run" @click=${this.keepRun}>${this.t("keep_run")}</button>
          <button class="warning confirm-cancel" ?disabled=${this._pending !== null} @click=${this.confirmCancel}>
            ${this._pending === "cancel" ? this.t("cancelling") : this.t("confirm_cancel_button")}
          </button>
        </div>
      </div>`;
    }
    if (!view.canStart && !view.canPrecheck && !view.canAcknowledge && !view.canCancel) return error;
    return html`${error}<div class="actions">
      ${view.canCancel
        ? html`<button class="cancel-run" ?disabled=${this._pending !== null} @click=${this.askToCancel}>
            ${this.t("cancel_run")}
          </button>`
        : nothing}
      ${view.canAcknowledge
        ? html`<button class="warning acknowledge" ?disabled=${this._pending !== null} @click=${this.acknowledge}>
            ${this._pending === "acknowledge" ? this.t("acknowledging") : this.t("acknowledge")}
          </button>`
        : nothing}
      ${view.canPrecheck
        ? html`<button class="precheck" ?disabled=${this._pending !== null} @click=${this.runPrecheck}>
            ${this._pending === "precheck" ? this.t("precheck_starting") : this.t("run_precheck")}
          </button>`
        : nothing}
      ${view.canStart
        ? html`<button class="primary start" ?disabled=${this._pending !== null} @click=${this.askToStart}>
            ${this.t("start_upgrade")}
          </button>`
        : nothing}
    </div>`;
  }

  private renderLog(view: DomainView): TemplateResult | typeof nothing {
    const limit = this._config?.log_lines ?? DEFAULT_LOG_LINES;
    if (limit === 0 && !this._fullLog) return nothing;
    const lines = this._fullLog ? view.log : view.log.slice(0, limit);
    return html`<section>
      <div class="log-header">
        <h3>${this.t("log")}</h3>
        ${view.log.length > limit || this._fullLog
          ? html`<button class="link full-log" aria-expanded=${String(this._fullLog)} @click=${this.toggleLog}>
              ${this.t(this._fullLog ? "hide_log" : "full_log")}
            </button>`
          : nothing}
      </div>
      ${lines.length === 0
        ? html`<div class="empty">${this.t("no_log")}</div>`
        : html`<ul class=${this._fullLog ? "log full" : "log"}>
            ${lines.map(
              (line) => html`<li data-level=${line.level}>
                <time datetime=${line.at} title=${line.at}
                  >${this.hass ? formatClock(line.at, this.language, timeZoneOf(this.hass)) : line.at}</time
                >
                <span class="message">${line.message}</span>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private askToStart(): void {
    this._error = null;
    this._confirmingStart = true;
  }

  private cancelStart(): void {
    this._confirmingStart = false;
  }

  private async confirmStart(): Promise<void> {
    const view = this.shownView();
    if (view?.entities.start === undefined) return;
    await this.call("start", () =>
      this.hass!.callService("button", "press", {}, { entity_id: view.entities.start }),
    );
    this._confirmingStart = false;
  }

  private async runPrecheck(): Promise<void> {
    const view = this.shownView();
    if (view?.entities.precheck === undefined) return;
    await this.call("precheck", () =>
      this.hass!.callService("button", "press", {}, { entity_id: view.entities.precheck }),
    );
  }

  private askToCancel(): void {
    this._error = null;
    this._confirmingCancel = true;
  }

  private keepRun(): void {
    this._confirmingCancel = false;
  }

  private async confirmCancel(): Promise<void> {
    const view = this.shownView();
    if (view === null) return;
    await this.call("cancel", () =>
      this.hass!.callService(INTEGRATION, CANCEL_SERVICE, {}, { entity_id: view.entities.status }),
    );
    this._confirmingCancel = false;
  }

  private async acknowledge(): Promise<void> {
    const view = this.shownView();
    if (view === null) return;
    await this.call("acknowledge", () =>
      this.hass!.callService(INTEGRATION, ACKNOWLEDGE_SERVICE, {}, { entity_id: view.entities.status }),
    );
  }

  private toggleLog(): void {
    this._fullLog = !this._fullLog;
  }

  private toggleFindings(): void {
    this._allFindings = !this._allFindings;
  }

  /** The domain as the card shows it now, which is what a pressed button acts on. */
  private shownView(): DomainView | null {
    return this._view === undefined || this._view instanceof DomainNotFound ? null : this._view;
  }

  /** Runs a service call; Home Assistant's (translated) refusal is shown in the card. */
  private async call(action: Action, run: () => Promise<unknown>): Promise<void> {
    this._pending = action;
    this._error = null;
    try {
      await run();
    } catch (error) {
      this._error = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    } finally {
      this._pending = null;
    }
  }
}

// Home Assistant's app installs its own custom element registry (a scoped-registry polyfill)
// before it defines <home-assistant>, and dashboards look cards up there. Loaded alongside the
// app, this module can run first: an element defined then lands in the browser's registry,
// which dashboards no longer read. So the elements are defined once the app's root is.
void customElements.whenDefined("home-assistant").then(() => {
  for (const [name, element] of [
    [EDITOR_TYPE, DatacenterAssistantUpgradeCardEditor],
    [CARD_TYPE, DatacenterAssistantUpgradeCard],
  ] as const) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
});

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview: boolean;
  documentationURL?: string;
}

const registry = window as unknown as { customCards?: CustomCardEntry[] };
registry.customCards = registry.customCards ?? [];
if (!registry.customCards.some((card) => card.type === CARD_TYPE)) {
  registry.customCards.push({
    type: CARD_TYPE,
    name: "VCF domain upgrade",
    description: "One VCF domain's upgrade: phases, components, alerts, last precheck; start, precheck, acknowledge and cancel.",
    preview: true,
    documentationURL: "https://github.com/datacenter-assistant/datacenter-assistant#the-dashboard-card",
  });
}
