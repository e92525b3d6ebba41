// The panels beside the editor: findings and claims (filled by the editor), the draft's
// versions with a diff between any two, what the model saw, and the audit trail.
// Each panel asks the API when it is shown and the draft has changed since.
import { call, path } from "./console_api.js";
import { $, $$, element } from "./console_dom.js";
import { formatTime, label, t } from "./console_i18n.js";
import { problemText } from "./console_notice.js";

const LOADERS = { versions: "loadVersions", model: "loadModelCalls", audit: "loadAudit" };

export class Panels {
  constructor() {
    this.draft = null;
    this.loaded = {}; // panel → draft id and version it shows
    this.data = {};
    this.tabs = $$("[role=tab]");
    for (const tab of this.tabs) {
      tab.addEventListener("click", () => this.show(tab.id.replace("tab-", "")));
      tab.addEventListener("keydown", (event) => this.arrow(event, tab));
    }
    $("#show-diff").addEventListener("click", () => this.loadDiff());
    document.addEventListener("draftdesk:panel", (event) => this.show(event.detail));
    document.addEventListener("draftdesk:key", () => this.follow(this.draft));
  }

  /** The draft the panels are about (a new version of it included). */
  follow(draft) {
    this.draft = draft;
    this.loaded = {};
    this.refresh();
  }

  visible() {
    return this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true").id.replace("tab-", "");
  }

  show(name) {
    for (const tab of this.tabs) {
      const selected = tab.id === `tab-${name}`;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(`#${tab.getAttribute("aria-controls")}`).hidden = !selected;
    }
    this.refresh();
  }

  /** Left / right between the tabs (the tab list is one stop for Tab). */
  arrow(event, tab) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = this.tabs[(this.tabs.indexOf(tab) + step + this.tabs.length) % this.tabs.length];
    this.show(next.id.replace("tab-", ""));
    next.focus();
  }

  refresh() {
    const name = this.visible();
    const loader = LOADERS[name];
    if (!loader) return;
    const wanted = this.draft ? `${this.draft.id}@${this.draft.version}` : null;
    if (this.loaded[name] === wanted) return;
    this.loaded[name] = wanted;
    this[loader]();
  }

  render() {
    if (this.data.versions) this.renderVersions(this.data.versions);
    if (this.data.diff) this.renderDiff(this.data.diff);
    if (this.data.model) this.renderModelCalls(this.data.model);
    if (this.data.audit) this.renderAudit(this.data.audit);
  }

  message(selector, text, kind = "") {
    $(selector).replaceChildren(element("li", { text, className: `hint ${kind}` }));
  }

  // --- versions and diff ------------------------------------------------------------------

  async loadVersions() {
    if (!this.draft) return this.message("#versions", t("no_draft_yet"));
    const result = await call("GET", path`/v1/drafts/${this.draft.id}/versions`);
    if (!result.ok) return this.message("#versions", problemText(result), "error");
    this.data.versions = result.data;
    this.renderVersions(result.data);
    const [from, to] = [$("#diff-from"), $("#diff-to")];
    if (result.data.length > 1) {
      from.value = String(result.data[result.data.length - 2].version);
      to.value = String(result.data[result.data.length - 1].version);
    }
  }

  renderVersions(versions) {
    $("#versions").replaceChildren(
      ...versions.map((v) => {
        const entry = element("li", { attributes: { "data-version": v.version } });
        entry.append(
          element("span", { text: t("version_n", { version: v.version }), className: "version" }),
          element("span", { text: label("action", v.action), className: `action ${v.action}` }),
          element("span", { text: v.actor || "—", className: "actor" }),
          element("span", { text: v.key_owner ? t("key_owner_is", { owner: v.key_owner }) : "", className: "owner" }),
          element("time", { text: formatTime(v.at), attributes: { datetime: v.at } }),
        );
        return entry;
      }),
    );
    for (const select of [$("#diff-from"), $("#diff-to")]) {
      const chosen = select.value;
      select.replaceChildren(...versions.map((v) => element("option", { text: t("version_n", { version: v.version }), attributes: { value: v.version } })));
      if (chosen) select.value = chosen;
    }
  }

  async loadDiff() {
    if (!this.draft) return;
    const query = new URLSearchParams({ from: $("#diff-from").value, to: $("#diff-to").value });
    const result = await call("GET", `${path`/v1/drafts/${this.draft.id}/diff`}?${query}`);
    if (!result.ok) {
      $("#diff").replaceChildren(element("p", { text: problemText(result), className: "error" }));
      return;
    }
    this.data.diff = result.data;
    this.renderDiff(result.data);
  }

  renderDiff(diff) {
    const box = $("#diff");
    const heading = element("p", { text: t("diff_heading", { from: diff.from, to: diff.to }), className: "hint" });
    const text = element("div", { className: "diff-text" });
    for (const change of diff.changes) {
      if (change.op === "equal") text.append(element("span", { text: change.from_text }));
      if (change.op === "delete" || change.op === "replace") text.append(element("del", { text: change.from_text, attributes: { title: t("diff_removed") } }));
      if (change.op === "insert" || change.op === "replace") text.append(element("ins", { text: change.to_text, attributes: { title: t("diff_added") } }));
    }
    const changed = diff.changes.some((change) => change.op !== "equal");
    box.replaceChildren(heading, changed ? text : element("p", { text: t("diff_none") }));
  }

  // --- what the model saw -----------------------------------------------------------------

  async loadModelCalls() {
    const box = $("#model-calls");
    if (!this.draft) return box.replaceChildren(element("p", { text: t("no_draft_yet"), className: "hint" }));
    const result = await call("GET", path`/v1/drafts/${this.draft.id}/model-calls`);
    if (!result.ok) return box.replaceChildren(element("p", { text: problemText(result), className: "error" }));
    this.data.model = result.data;
    this.renderModelCalls(result.data);
  }

  renderModelCalls(calls) {
    const box = $("#model-calls");
    if (!calls.length) return box.replaceChildren(element("p", { text: t("no_model_calls"), className: "hint" }));
    box.replaceChildren(...calls.map((modelCall) => this.modelCall(modelCall)));
  }

  modelCall(modelCall) {
    const entry = element("details", { className: `model-call ${modelCall.outcome}`, attributes: { open: true } });
    const summary = element("summary");
    summary.append(
      element("span", { text: label("purpose", modelCall.purpose), className: "purpose" }),
      element("span", { text: modelCall.model, className: "mono" }),
      element("span", { text: t("version_n", { version: modelCall.version }) }),
      element("span", { text: label("outcome", modelCall.outcome), className: `outcome ${modelCall.outcome}` }),
    );
    const numbers = element("dl", { className: "numbers" });
    const add = (term, value) => numbers.append(element("dt", { text: t(term) }), element("dd", { text: value }));
    add("tokens", t("tokens_in_out", { prompt: modelCall.prompt_tokens ?? "—", completion: modelCall.completion_tokens ?? "—" }));
    add("latency", t("milliseconds", { ms: Math.round(modelCall.latency_ms) }));
    add("cost", modelCall.cost_usd === null || modelCall.cost_usd === undefined ? "—" : `$${modelCall.cost_usd.toFixed(4)}`);
    add("called_at", formatTime(modelCall.at));
    if (modelCall.error) add("error", modelCall.error);
    entry.append(summary, numbers);
    const messages = Array.isArray(modelCall.request?.messages) ? modelCall.request.messages : null;
    if (messages) {
      entry.append(element("h4", { text: t("request_messages") }));
      for (const message of messages) {
        const content = typeof message.content === "string" ? message.content : JSON.stringify(message.content, null, 2);
        entry.append(element("p", { text: message.role, className: "role" }), element("pre", { text: content }));
      }
    }
    const rest = { ...modelCall.request };
    delete rest.messages;
    entry.append(element("h4", { text: t("request_options") }), element("pre", { text: JSON.stringify(rest, null, 2) }));
    entry.append(element("h4", { text: t("response") }), element("pre", { text: modelCall.response ?? "—" }));
    return entry;
  }

  // --- the audit trail --------------------------------------------------------------------

  async loadAudit() {
    const list = $("#audit");
    const say = (text, kind = "") => {
      $("#audit-message").textContent = text;
      $("#audit-message").className = `hint ${kind}`;
    };
    list.replaceChildren();
    if (!this.draft) return say(t("no_draft_yet"));
    const result = await call("GET", path`/v1/drafts/${this.draft.id}/audit`);
    if (result.status === 403) return say(t("audit_needs_admin"), "error");
    if (!result.ok) return say(problemText(result), "error");
    say("");
    this.data.audit = result.data;
    this.renderAudit(result.data);
  }

  /** Oldest first, as the trail is written: who asked (the agent named) with whose key. */
  renderAudit(entries) {
    $("#audit").replaceChildren(
      ...entries.map((entry) => {
        const item = element("li", { className: entry.action, attributes: { "data-version": entry.version } });
        item.append(
          element("span", { text: t("version_n", { version: entry.version }), className: "version" }),
          element("span", { text: label("action", entry.action), className: `action ${entry.action}` }),
          element("span", { text: t("audit_by", { actor: entry.actor || "—" }), className: "actor" }),
          element("span", { text: t("key_owner_is", { owner: entry.key_owner || "—" }), className: "owner" }),
          element("time", { text: formatTime(entry.at), attributes: { datetime: entry.at } }),
        );
        if (entry.override_reason) item.append(element("q", { text: entry.override_reason, className: "reason" }));
        return item;
      }),
    );
  }
}
