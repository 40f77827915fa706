// The card's own texts in the user's language (`translations.ts`). The phase names are the
// upgrade status sensor's translated states (Home Assistant's `formatEntityState`); these are
// the texts no entity carries.

import type { HomeAssistant } from "./hass.js";
import { EN, LANGUAGES, type TextKey } from "./translations.js";

export type { TextKey } from "./translations.js";

/** The language the user chose in their profile, else the frontend's, else English. */
export function userLanguage(hass: Pick<HomeAssistant, "locale" | "language"> | undefined): string {
  return hass?.locale?.language || hass?.language || "en";
}

/** The table of `language` (`de`, `de-CH`, `de_DE`: German), English for one the card lacks. */
function tableOf(language: string | undefined): Partial<Record<TextKey, string>> {
  const primary = (language ?? "en").toLowerCase().split(/[-_]/)[0];
  return Object.prototype.hasOwnProperty.call(LANGUAGES, primary) ? LANGUAGES[primary] : EN;
}

/** The text for `key` in `language` (English when missing), with `{name}` placeholders filled. */
export function localize(
  language: string | undefined,
  key: TextKey,
  values: Record<string, string | number> = {},
): string {
  const text = tableOf(language)[key] ?? EN[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
