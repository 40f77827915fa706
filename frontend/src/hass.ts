// The part of the frontend's `hass` object the card reads: Home Assistant gives every card
// this object and a new one whenever a state or a registry entry changes.

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
}

export interface HassEntityRegistryEntry {
  entity_id: string;
  platform: string;
  device_id?: string;
  translation_key?: string;
}

export interface HassDevice {
  id: string;
  name: string | null;
  name_by_user: string | null;
  via_device_id: string | null;
}

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  entities: Record<string, HassEntityRegistryEntry>;
  devices: Record<string, HassDevice>;
  language: string;
  /** The user's profile: `time_zone` says whether times are the browser's or the server's. */
  locale?: { language: string; time_zone?: string };
  config?: { time_zone: string };
  formatEntityState?: (stateObj: HassEntity, state?: string) => string;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
  ): Promise<unknown>;
}
