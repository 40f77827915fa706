import assert from "node:assert/strict";
import { test } from "node:test";

import type { HomeAssistant } from "../src/hass.js";
import { localize, userLanguage } from "../src/localize.js";
import { DE, EN, LANGUAGES, type TextKey } from "../src/translations.js";

type Profile = Pick<HomeAssistant, "locale" | "language">;

test("a German user sees the card's texts in German", () => {
  const german: Profile = { language: "en", locale: { language: "de" } };
  const language = userLanguage(german);
  assert.equal(language, "de");
  assert.equal(localize(language, "start_upgrade"), "Upgrade starten");
  assert.equal(localize(language, "connected"), "SDDC Manager verbunden");
  assert.equal(localize(language, "precheck_counts", { errors: 1, warnings: 2 }), "Fehler: 1 · Warnungen: 2");
  assert.equal(localize("de-CH", "log"), "Protokoll");
  assert.equal(localize("de_AT", "components"), "Komponenten");
});

test("the profile's language comes first, then the frontend's, then English", () => {
  assert.equal(userLanguage({ language: "de", locale: { language: "fr" } }), "fr");
  assert.equal(userLanguage({ language: "de" }), "de");
  assert.equal(userLanguage({ language: "de", locale: { language: "" } }), "de");
  assert.equal(userLanguage({ language: "" }), "en");
  assert.equal(userLanguage(undefined), "en");
  assert.equal(localize(userLanguage({ language: "de" }), "cancel_run"), "Lauf abbrechen");
});

test("a language the card does not speak falls back to English", () => {
  for (const language of ["fr", "pt-BR", "zh-Hans", "xx", "constructor", "", undefined]) {
    assert.equal(localize(language, "start_upgrade"), "Start upgrade", String(language));
    assert.equal(localize(language, "all_findings", { count: 5 }), "All 5 findings", String(language));
  }
});

test("every German text exists in English and keeps its placeholders", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(DE).sort(), Object.keys(EN).sort());
  for (const key of Object.keys(EN) as TextKey[]) {
    assert.ok(DE[key].trim() !== "", key);
    assert.deepEqual(placeholders(DE[key]), placeholders(EN[key]), key);
  }
  assert.deepEqual(Object.keys(LANGUAGES).sort(), ["de", "en"]);
});

test("German texts are German, not English left in place", () => {
  const same = (Object.keys(EN) as TextKey[]).filter((key) => DE[key] === EN[key]);
  // Names and numbers read the same in both.
  assert.deepEqual(same.sort(), ["precheck_version", "progress"]);
});
