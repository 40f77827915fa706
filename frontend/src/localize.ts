// The card's own texts. The phase names are the upgrade status sensor's translated states
// (Home Assistant's `formatEntityState`); these are the texts no entity carries.

const EN = {
  acknowledge: "Acknowledge",
  acknowledging: "Acknowledging…",
  acknowledgment_pending: "Acknowledged; sent when SDDC Manager answers again",
  alerts: "Needs your acknowledgment",
  all_findings: "All {count} findings",
  cancel: "Cancel",
  cancel_run: "Cancel run",
  cancelling: "Cancelling…",
  components: "Components",
  confirm_start: "Start the upgrade of {domain} to VCF {version}? SDDC Manager upgrades its components one after the other; this cannot be undone from here.",
  confirm_cancel: "Cancel the run of {domain}? Nothing is being upgraded now; what SDDC Manager already did stays, and a later run continues from it.",
  confirm_cancel_button: "Cancel run",
  confirm_start_button: "Start upgrade",
  connected: "SDDC Manager connected",
  disconnected: "SDDC Manager not answering",
  editor_device: "VCF domain",
  editor_log_lines: "Log lines shown",
  full_log: "Full log",
  fewer_findings: "Fewer findings",
  hide_log: "Fewer lines",
  keep_run: "Keep the run",
  last_precheck: "Last precheck",
  log: "Log",
  no_domain: "No DataCenter Assistant domain found for {reference}",
  no_findings: "No findings",
  no_log: "No upgrade activity yet",
  precheck_counts: "Errors: {errors} · Warnings: {warnings}",
  precheck_failed: "Failed",
  precheck_passed: "Passed",
  precheck_starting: "Starting precheck…",
  precheck_version: "VCF {version}",
  progress: "{percent} %",
  run_precheck: "Run precheck",
  start_upgrade: "Start upgrade",
  starting: "Starting…",
  unavailable: "SDDC Manager cannot be reached: the domain's state is unknown",
  up_to_date: "up to date",
  waiting_hint: "Nothing is being upgraded meanwhile; the upgrade starts by itself once this holds.",
  component_in_progress: "upgrading",
  component_waiting: "waiting",
  component_completed: "done",
  component_failed: "failed",
  phase_done: "done",
  phase_current: "current",
  phase_waiting: "waiting",
  phase_failed: "failed",
  phase_skipped: "skipped",
  phase_pending: "pending",
  whole_domain: "Domain",
} as const;

export type TextKey = keyof typeof EN;

const LANGUAGES: Record<string, Partial<Record<TextKey, string>>> = { en: EN };

/** The text for `key` in `language` (English when missing), with `{name}` placeholders filled. */
export function localize(
  language: string | undefined,
  key: TextKey,
  values: Record<string, string | number> = {},
): string {
  const table = LANGUAGES[(language ?? "en").split("-")[0]] ?? EN;
  const text = table[key] ?? EN[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
