// The "Draft reply" panel both helpdesk apps show (Zendesk sidebar, Chatwoot dashboard
// app). Each app passes in how it reaches the API and reads its ticket; the panel finds
// the waiting draft, drafts on demand and approves through Draftdesk's gate.
//
// Draft text quotes the customer: every value goes in with textContent, never as markup.

const LABELS = {
  en: {
    loading: "Looking for a waiting draft…",
    none_waiting: "No draft is waiting for this ticket's latest message.",
    draft_reply: "Draft reply",
    drafting: "Drafting…",
    findings: "Findings",
    no_findings: "No findings.",
    facts: "Facts",
    citations: "Policies cited",
    approve: "Approve",
    approving: "Approving…",
    blocked: "Approval is blocked by these errors. Fix the draft, or write why they do not apply:",
    override_reason: "Override reason (at least 10 characters)",
    approved_by: "Approved by",
    insert: "Insert into reply",
    inserted: "Inserted into the reply.",
    version: "version",
    confirmed: "confirmed",
    estimated: "estimate",
    unknown: "unknown",
    error: "error",
    warning: "warning",
    suggestion: "suggestion",
    no_customer_message: "There is no message from the customer to draft a reply to.",
    not_in_helpdesk: "Open this page from the helpdesk: it works inside a ticket.",
    no_agent: "The helpdesk did not say who you are, so the approval cannot name you.",
    failed: "Request failed",
    api_key: "Draftdesk API key (kept in this browser, for this helpdesk only)",
    save_key: "Save key",
    forget_key: "Forget the API key",
    key_needed: "Paste a Draftdesk API key to start.",
    key_rejected: "The API key was not accepted.",
    waiting_for_context: "Waiting for the conversation from the helpdesk…",
  },
  ja: {
    loading: "返信案を確認しています…",
    none_waiting: "このチケットの最新のお問い合わせへの返信案はまだありません。",
    draft_reply: "返信案を作成",
    drafting: "作成しています…",
    findings: "指摘事項",
    no_findings: "指摘事項はありません。",
    facts: "事実",
    citations: "引用した規約",
    approve: "承認",
    approving: "承認しています…",
    blocked: "次のエラーがあるため承認できません。返信案を直すか、当てはまらない理由を書いてください：",
    override_reason: "承認する理由（10文字以上）",
    approved_by: "承認者",
    insert: "返信欄に挿入",
    inserted: "返信欄に挿入しました。",
    version: "版",
    confirmed: "確定",
    estimated: "目安",
    unknown: "不明",
    error: "エラー",
    warning: "警告",
    suggestion: "提案",
    no_customer_message: "返信の元になるお客様のメッセージがありません。",
    not_in_helpdesk: "このページはヘルプデスクのチケット内で開いてください。",
    no_agent: "ヘルプデスクから担当者名が届かないため、承認者を記録できません。",
    failed: "リクエストに失敗しました",
    api_key: "Draftdesk の API キー（このブラウザに、このヘルプデスク用にのみ保存）",
    save_key: "保存",
    forget_key: "API キーを消去",
    key_needed: "Draftdesk の API キーを貼り付けてください。",
    key_rejected: "API キーが受け付けられませんでした。",
    waiting_for_context: "ヘルプデスクからの会話情報を待っています…",
  },
};

/** ja or en from a locale ("ja", "ja-JP", "en_US"); null for anything else. */
export function languageOf(locale) {
  const code = String(locale || "").toLowerCase().split(/[-_]/)[0];
  return code === "ja" || code === "en" ? code : null;
}

const $ = (selector) => document.querySelector(selector);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export class DraftPanel {
  /**
   * api.call(method, path, body?) → {ok, status, data}; readTicket() → the ticket for
   * POST /v1/drafts, or null when the customer has written nothing to answer;
   * insert(draft), when the helpdesk can put an approved reply into its editor;
   * onUnauthorized(), when the app can ask for another API key after a 401.
   */
  constructor({ api, readTicket, insert = null, onUnauthorized = null }) {
    Object.assign(this, { api, readTicket, insert, onUnauthorized, draft: null, ticketId: null });
    this.setAgent({ name: null, locale: null });
    $("#draft-reply").addEventListener("click", () => this.draftReply());
    $("#approve").addEventListener("click", () => this.approve());
    $("#insert").addEventListener("click", () => this.insertApproved());
  }

  /** Who approves ({name, locale}, from the helpdesk); labels follow their locale. */
  setAgent(agent) {
    this.agent = agent;
    const language = languageOf(agent.locale) || languageOf(this.draft?.language) || languageOf(navigator.language);
    this.useLanguage(language || "en");
  }

  /** Labels in the agent's language when it is ja or en, else in the draft's. */
  useLanguage(language) {
    this.labels = LABELS[language];
    document.documentElement.lang = language;
    for (const node of document.querySelectorAll("[data-label]")) node.textContent = this.labels[node.dataset.label];
  }

  say(key, kind = "", detail = "") {
    const status = $("#status");
    status.textContent = detail ? `${this.labels[key]}: ${detail}` : this.labels[key];
    status.className = kind;
  }

  clearStatus() {
    $("#status").textContent = "";
    $("#status").className = "";
  }

  sayProblem(result) {
    if (result.status === 401 && this.onUnauthorized) return this.onUnauthorized();
    this.say("failed", "error", result.data?.detail || String(result.status || ""));
  }

  async show(ticketId) {
    this.ticketId = ticketId;
    this.draft = null;
    $("#draft").hidden = true;
    $("#none").hidden = true;
    this.say("loading");
    const result = await this.api.call("GET", `/v1/tickets/${encodeURIComponent(ticketId)}/draft`);
    if (ticketId !== this.ticketId) return; // the helpdesk moved to another ticket meanwhile
    if (result.status === 404) {
      $("#none").hidden = false;
      this.say("none_waiting");
      return;
    }
    if (!result.ok) return this.sayProblem(result);
    this.render(result.data);
  }

  async draftReply() {
    const button = $("#draft-reply");
    button.disabled = true;
    this.say("drafting");
    try {
      const ticket = await this.readTicket();
      if (!ticket) return this.say("no_customer_message", "error");
      const result = await this.api.call("POST", "/v1/drafts", { ticket, agent: { name: this.agent.name } });
      if (!result.ok) return this.sayProblem(result);
      $("#none").hidden = true;
      this.render(result.data);
    } finally {
      button.disabled = false;
    }
  }

  render(draft) {
    this.draft = draft;
    if (!languageOf(this.agent.locale)) this.useLanguage(draft.language);
    $("#draft").hidden = false;
    $("#subject").textContent = draft.subject;
    $("#meta").textContent = `${draft.id} · ${this.labels.version} ${draft.version} · ${draft.intent}`;
    $("#body").textContent = draft.body;
    this.renderFindings($("#findings"), draft.findings);
    this.renderFacts(draft.facts);
    $("#citations").replaceChildren(
      ...draft.citations.map((c) => element("li", `${c.title} (${c.passage_id})`)),
    );
    $("#blocking").replaceChildren();
    $("#override-box").hidden = true;
    const approved = draft.status === "approved";
    $("#approve").hidden = approved;
    $("#insert").hidden = !(approved && this.insert);
    if (approved) this.say("approved_by", "ok", draft.approval?.by || "");
    else this.clearStatus();
  }

  renderFindings(list, findings) {
    if (!findings.length) return list.replaceChildren(element("li", this.labels.no_findings));
    list.replaceChildren(
      ...findings.map((f) => {
        const item = element("li", undefined, f.severity);
        item.append(
          element("span", this.labels[f.severity] || f.severity, "severity"),
          element("span", f.rule, "rule"),
          element("span", f.message, "message"),
        );
        if (f.excerpt) item.append(element("q", f.excerpt, "excerpt"));
        if (f.suggestion) item.append(element("span", `→ ${f.suggestion}`, "suggestion-text"));
        return item;
      }),
    );
  }

  renderFacts(facts) {
    $("#facts tbody").replaceChildren(
      ...facts.map((fact) => {
        const row = element("tr", undefined, fact.certainty);
        row.append(element("th", fact.label), element("td", fact.value || "—"));
        const certainty = element("td");
        certainty.append(element("span", this.labels[fact.certainty] || fact.certainty, `badge ${fact.certainty}`));
        row.append(certainty);
        return row;
      }),
    );
  }

  async approve() {
    if (!this.agent.name) return this.say("no_agent", "error");
    const payload = { agent: this.agent.name, version: this.draft.version };
    const reason = $("#override").value.trim();
    if (!$("#override-box").hidden && reason) payload.override_reason = reason;
    const button = $("#approve");
    button.disabled = true;
    this.say("approving");
    try {
      const result = await this.api.call("POST", `/v1/drafts/${encodeURIComponent(this.draft.id)}/approve`, payload);
      if (result.status === 409 && Array.isArray(result.data?.findings)) {
        this.renderFindings($("#blocking"), result.data.findings);
        $("#override-box").hidden = false;
        $("#override").focus();
        return this.say("blocked", "error");
      }
      if (!result.ok) return this.sayProblem(result);
      this.render(result.data);
    } finally {
      button.disabled = false;
    }
  }

  async insertApproved() {
    await this.insert(this.draft);
    this.say("inserted", "ok");
  }

  fail(key) {
    this.say(key, "error");
  }
}
