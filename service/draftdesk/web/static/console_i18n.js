// The workplace's text in Japanese and English: data (i18n/ja.json, i18n/en.json),
// embedded in the page by the server. The language is the agent's choice (kept in
// localStorage), else the browser's.
import { $$ } from "./console_dom.js";

const DICTIONARIES = JSON.parse(document.getElementById("i18n").textContent);
const CHOICE = "draftdesk-language";
const listeners = [];

export let language = initialLanguage();

function initialLanguage() {
  const saved = localStorage.getItem(CHOICE);
  if (saved in DICTIONARIES) return saved;
  const wanted = (navigator.languages?.length ? navigator.languages : [navigator.language]).map((tag) =>
    String(tag || "").toLowerCase().split("-")[0],
  );
  return wanted.find((code) => code in DICTIONARIES) || "en";
}

/** The text for `key` with {name} placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = DICTIONARIES[language][key] ?? DICTIONARIES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The label of an API value (`state.needs_review`, `intent.delay`), or the value itself. */
export function label(group, value) {
  const key = `${group}.${value}`;
  return key in DICTIONARIES[language] ? DICTIONARIES[language][key] : String(value ?? "—");
}

export function chooseLanguage(code) {
  if (!(code in DICTIONARIES)) return;
  localStorage.setItem(CHOICE, code);
  language = code;
  translatePage();
  for (const listener of listeners) listener();
}

/** `listener` runs after every change of language (to render what the page built). */
export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** The static labels: data-i18n (text), data-i18n-placeholder, -title, -aria-label. */
export function translatePage() {
  document.documentElement.lang = language;
  for (const node of $$("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const attribute of ["placeholder", "title", "aria-label"]) {
    for (const node of $$(`[data-i18n-${attribute}]`)) node.setAttribute(attribute, t(node.getAttribute(`data-i18n-${attribute}`)));
  }
  for (const button of $$("[data-language]")) button.setAttribute("aria-pressed", String(button.dataset.language === language));
}

export function formatTime(iso) {
  if (!iso) return "—";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(when);
}

/** 42 → "42 min" / "42分"; 170 → "2 h 50 min" / "2時間50分". */
export function formatMinutes(minutes) {
  const whole = Math.max(0, Math.round(Number(minutes) || 0));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours >= 48) return t("age_days", { days: Math.floor(hours / 24), hours: hours % 24 });
  if (!hours) return t("age_minutes", { minutes: rest });
  return rest ? t("age_hours", { hours, minutes: rest }) : t("age_whole_hours", { hours });
}
