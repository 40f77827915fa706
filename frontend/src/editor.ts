// The card's visual editor: pick a VCF domain's device and how many log lines to show.

import { LitElement, html, nothing, type TemplateResult } from "lit";

import type { HomeAssistant } from "./hass.js";
import { localize, userLanguage, type TextKey } from "./localize.js";
import { DEFAULT_LOG_LINES, DOMAIN_DEVICE_MODEL, INTEGRATION, type CardConfig } from "./model.js";

const SCHEMA = [
  {
    name: "device",
    required: true,
    selector: { device: { filter: { integration: INTEGRATION, model: DOMAIN_DEVICE_MODEL } } },
  },
  {
    name: "log_lines",
    selector: { number: { min: 0, max: 50, mode: "box" } },
  },
] as const;

const LABELS: Record<string, TextKey> = { device: "editor_device", log_lines: "editor_log_lines" };

export const EDITOR_TYPE = "datacenter-assistant-upgrade-card-editor";

export class DatacenterAssistantUpgradeCardEditor extends LitElement {
  static properties = {
    hass: { attribute: false },
    _config: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare _config: CardConfig | undefined;

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  connectedCallback(): void {
    super.connectedCallback();
    void loadHaForm();
  }

  protected render(): TemplateResult | typeof nothing {
    if (this.hass === undefined || this._config === undefined) return nothing;
    // A card set up by its status entity is shown with that entity's device.
    const device = this._config.device ?? (this._config.entity ? this.hass.entities[this._config.entity]?.device_id : undefined);
    const data = { device, log_lines: this._config.log_lines ?? DEFAULT_LOG_LINES };
    const language = userLanguage(this.hass);
    return html`<ha-form
      .hass=${this.hass}
      .data=${data}
      .schema=${SCHEMA}
      .computeLabel=${(field: { name: string }) => localize(language, LABELS[field.name])}
      @value-changed=${this.valueChanged}
    ></ha-form>`;
  }

  private valueChanged(event: CustomEvent<{ value: { device?: string; log_lines?: number } }>): void {
    event.stopPropagation();
    const { device, log_lines } = event.detail.value;
    const config: CardConfig = { type: this._config?.type ?? "custom:datacenter-assistant-upgrade-card" };
    if (device) config.device = device;
    if (log_lines !== undefined && log_lines !== DEFAULT_LOG_LINES) config.log_lines = log_lines;
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }
}

/**
 * Home Assistant loads `ha-form` with its own card editors, on demand. A custom editor opened
 * first loads it the same way: through a built-in card's editor.
 */
async function loadHaForm(): Promise<void> {
  if (customElements.get("ha-form")) return;
  const helpers = await (window as unknown as { loadCardHelpers?: () => Promise<CardHelpers> }).loadCardHelpers?.();
  const card = helpers?.createCardElement({ type: "entities", entities: [] });
  await (card?.constructor as { getConfigElement?: () => Promise<unknown> } | undefined)?.getConfigElement?.();
}

interface CardHelpers {
  createCardElement(config: Record<string, unknown>): HTMLElement;
}
