// One line under the header that says what just happened (or went wrong).
import { $ } from "./console_dom.js";
import { t } from "./console_i18n.js";

export function notice(text, kind = "") {
  const box = $("#notice");
  box.textContent = text;
  box.className = kind;
}

/** What a failed API call means for the agent: a missing or refused key says so plainly. */
export function problemText(result) {
  if (result.status === 401) return t("problem_401");
  if (result.status === 403) return t("problem_403", { detail: result.data?.detail || "" });
  if (result.status === 0) return t("problem_network", { detail: result.data?.detail || "" });
  return result.data?.detail || result.data?.title || t("problem_status", { status: result.status });
}

export function noticeProblem(result) {
  notice(problemText(result), "error");
}
