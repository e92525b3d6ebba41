// The draft editor: the reply in a textarea, with every finding and every claim marked
// at its span by an overlay of <mark>s that lines up with the text. A mark shows its
// message, suggestion or source on hover and on focus (marks are focusable: Tab, or
// n / j from anywhere), and applies a finding's replacement with one click (or Enter).
// The text is re-checked as the agent types (POST /v1/drafts/{id}/check, debounced) and on save
// (PUT); approval is refused by the page, as by the API, while an error finding
// remains and no override reason is written.
import { call, path, problemType } from "./console_api.js";
import { $, $$, debounce, element } from "./console_dom.js";
import { formatTime, label, t } from "./console_i18n.js";
import { notice, noticeProblem } from "./console_notice.js";
import { shift, spanned, visibleLength } from "./console_spans.js";

const RECHECK_MS = 400;
const MIN_OVERRIDE_REASON = 10; // what the approval gate asks (visible characters)
const WIDE_SPAN = 160; // a span this long (a missing signature, the length) is marked lightly
const SEVERITY_RANK = { error: 0, warning: 1, suggestion: 2 };
const SEVERITY_MARK = { error: "✖", warning: "▲", suggestion: "●" };

export class DraftEditor {
  /** onDraft(draft): a new version. */
  constructor({ onDraft }) {
    Object.assign(this, { onDraft, draft: null, findings: [], claims: [], text: "", dirty: false, busy: false });
    this.checks = 0;
    this.liveCheck = true; // false once the key turned out to lack `check`: then on save only
    this.current = -1; // the finding n / j last went to
    this.body = $("#draft-body");
    this.subject = $("#draft-subject");
    this.marks = $("#draft-marks");
    this.card = $("#card");
    this.recheck = debounce(() => this.check(), RECHECK_MS);
    this.body.addEventListener("input", () => this.edited());
    this.subject.addEventListener("input", () => {
      this.dirty = true;
      this.updateActions();
      if (this.liveCheck) this.recheck();
    });
    $("#override").addEventListener("input", () => this.updateActions());
    $("#save").addEventListener("click", () => this.save());
    $("#approve").addEventListener("click", () => this.approve());
    for (const button of $$("[data-style]")) button.addEventListener("click", () => this.rewrite(button.dataset.style));
    this.installMarkEvents();
    new ResizeObserver(() => this.fit()).observe($("#editor-wrap"));
    document.addEventListener("draftdesk:key", () => {
      this.liveCheck = true;
    });
  }

  // --- the draft and its text -----------------------------------------------------------

  load(draft) {
    this.recheck.cancel();
    this.checks++; // an answer to an earlier check is for other text
    this.draft = draft;
    $("#editor").hidden = !draft;
    this.hideCard();
    if (!draft) return;
    const approved = draft.status === "approved";
    this.text = draft.body;
    this.body.value = draft.body;
    this.subject.value = draft.subject;
    this.body.readOnly = approved;
    this.subject.readOnly = approved;
    this.findings = draft.findings.map((finding) => spanned(finding, draft.body));
    this.claims = (draft.claims || []).map((claim) => spanned({ ...claim, excerpt: claim.text }, draft.body));
    this.dirty = false;
    this.current = -1;
    $("#override").value = "";
    $("#blocking").hidden = true;
    $("#check-state").textContent = t("checked_version", { version: draft.version });
    this.render();
  }

  edited() {
    const after = this.body.value;
    this.findings = shift(this.findings, this.text, after);
    this.claims = shift(this.claims, this.text, after);
    this.text = after;
    this.dirty = true;
    this.render();
    if (!this.liveCheck) return;
    $("#check-state").textContent = t("checking_soon");
    this.recheck();
  }

  async check() {
    if (!this.draft || !this.liveCheck) return;
    const number = ++this.checks;
    const text = this.body.value;
    if (!text.trim()) return; // nothing to check: saving says the reply is empty
    $("#check-state").textContent = t("checking");
    // The draft's own check: the same grounds (facts, ticket revision, citations) saving uses.
    const path = `/v1/drafts/${encodeURIComponent(this.draft.id)}/check`;
    const result = await call("POST", path, { body: text, subject: this.subject.value });
    if (number !== this.checks || text !== this.body.value) return; // the text moved on: another check follows
    if (result.status === 403) {
      this.liveCheck = false; // a key that may not edit: saving (refused too) says so
      $("#check-state").textContent = t("check_on_save");
      return;
    }
    if (!result.ok) {
      $("#check-state").textContent = t("check_failed", { detail: result.data?.detail || result.status });
      return;
    }
    this.findings = result.data.findings.map((finding) => spanned(finding, text));
    if (Array.isArray(result.data.claims)) this.claims = result.data.claims.map((claim) => spanned({ ...claim, excerpt: claim.text }, text));
    const errors = result.data.findings.filter((f) => f.severity === "error").length;
    $("#check-state").textContent = t("checked_live", { errors, total: result.data.findings.length });
    this.render();
  }

  // --- rendering --------------------------------------------------------------------------

  render() {
    if (!this.draft) return;
    this.renderMarks();
    this.renderFindings();
    this.renderClaims();
    this.updateActions();
    this.fit();
  }

  /** The textarea grows with its text (the column scrolls), so the overlay never has to
   * follow a scroll position. */
  fit() {
    this.body.style.height = "auto";
    this.body.style.height = `${this.body.scrollHeight + 2}px`;
  }

  /** Every finding and claim with a span, as one flat run of segments: each segment is
   * plain text or a <mark> naming the annotations that cover it (spans may overlap). */
  renderMarks() {
    const text = this.text;
    const annotations = [
      ...this.findings.map((span, index) => ({ ...span, ref: `f${index}` })),
      ...this.claims.map((span, index) => ({ ...span, ref: `c${index}` })),
    ].filter((a) => a.start >= 0 && a.end > a.start && a.end <= text.length);
    const points = [...new Set([0, text.length, ...annotations.flatMap((a) => [a.start, a.end])])].sort((a, b) => a - b);
    const first = new Set();
    const nodes = [];
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const covering = annotations.filter((a) => a.start <= from && a.end >= to);
      const piece = text.slice(from, to);
      if (!covering.length) {
        nodes.push(element("span", { text: piece, attributes: { "aria-hidden": "true" } }));
        continue;
      }
      nodes.push(this.mark(piece, from, covering, first));
    }
    this.marks.replaceChildren(...nodes, "\n");
  }

  mark(piece, from, covering, first) {
    const findings = covering.filter((a) => a.ref[0] === "f").map((a) => this.findings[Number(a.ref.slice(1))].item);
    const claims = covering.filter((a) => a.ref[0] === "c").map((a) => this.claims[Number(a.ref.slice(1))].item);
    const classes = [];
    const worst = findings.map((f) => f.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
    if (worst) classes.push("finding", worst);
    if (claims.length) classes.push("claim");
    if (claims.some((c) => !c.source)) classes.push("no-source");
    if (covering.every((a) => a.end - a.start >= WIDE_SPAN)) classes.push("wide");
    const node = element("mark", {
      text: piece,
      className: classes.join(" "),
      attributes: { "data-refs": covering.map((a) => a.ref).join(" "), "data-start": from },
    });
    const opens = covering.filter((a) => !first.has(a.ref));
    if (opens.length) {
      // one tab stop per finding or claim, on its first segment
      for (const a of opens) first.add(a.ref);
      node.tabIndex = 0;
      node.id = `mark-${opens[0].ref}`;
      node.setAttribute("aria-label", this.describe(findings, claims, piece));
    } else {
      node.setAttribute("aria-hidden", "true");
    }
    if (claims.some((c) => !c.source)) node.dataset.badge = t("no_source");
    return node;
  }

  describe(findings, claims, piece) {
    const parts = findings.map((f) => `${label("severity", f.severity)} ${f.rule}: ${f.message}`);
    parts.push(...claims.map((c) => `${label("claim", c.kind)}: ${this.sourceText(c)}`));
    return `«${piece}» — ${parts.join("; ")}`;
  }

  /** Where a claim's value comes from, in words: a fact of the order, a policy passage,
   * the ticket; or that it has none. */
  sourceText(claim) {
    const source = claim.source;
    if (!source) return t("no_source");
    if (source === "ticket") return t("source_ticket");
    if (source.startsWith("passage:")) {
      const id = source.slice("passage:".length);
      const citation = this.draft.citations.find((c) => c.passage_id === id);
      return t("source_passage", { title: citation ? citation.title : id, id });
    }
    const fact = this.draft.facts.find((f) => source === f.key || source === `order.${f.key}` || source.endsWith(`.${f.key}`));
    if (!fact) return t("source_other", { source });
    return t("source_fact", { label: fact.label, value: fact.value, certainty: label("certainty", fact.certainty), source });
  }

  renderFindings() {
    const list = $("#findings");
    if (!this.findings.length) {
      list.replaceChildren(element("li", { text: t("no_findings"), className: "none" }));
      return;
    }
    const order = this.findingOrder();
    list.replaceChildren(
      ...order.map((index) => {
        const { item: finding, start } = this.findings[index];
        const entry = element("li", { className: `finding ${finding.severity}`, attributes: { "data-rule": finding.rule, id: `finding-f${index}` } });
        entry.append(this.findingHead(finding), element("p", { text: finding.message, className: "finding-message" }));
        if (start >= 0) entry.append(element("q", { text: finding.excerpt, className: "excerpt" }));
        if (finding.suggestion) entry.append(element("p", { text: t("suggestion_is", { suggestion: finding.suggestion }), className: "suggestion-text" }));
        const actions = element("div", { className: "actions" });
        if (start >= 0) {
          const show = element("button", { text: t("show_in_text"), className: "quiet", attributes: { type: "button" } });
          show.addEventListener("click", () => this.focusMark(`f${index}`));
          actions.append(show);
        }
        const apply = this.applyButton(index);
        if (apply) actions.append(apply);
        if (actions.childElementCount) entry.append(actions);
        return entry;
      }),
    );
  }

  findingHead(finding) {
    const head = element("p", { className: "head" });
    head.append(
      element("span", { text: `${SEVERITY_MARK[finding.severity] || ""} ${label("severity", finding.severity)}`, className: `severity ${finding.severity}` }),
      element("span", { text: finding.rule, className: "rule" }),
    );
    return head;
  }

  applyButton(index) {
    const { item: finding, start } = this.findings[index];
    const replacement = finding.replacement;
    if (start < 0 || replacement === null || replacement === undefined || this.draft.status === "approved") return null;
    const text = replacement === "" ? t("apply_delete") : t("apply_replacement", { replacement });
    const button = element("button", { text, className: "apply", attributes: { type: "button", "data-ref": `f${index}` } });
    button.addEventListener("click", () => this.apply(index));
    return button;
  }

  renderClaims() {
    const list = $("#claims");
    if (!this.claims.length) {
      list.replaceChildren(element("li", { text: t(this.draft.claims ? "no_claims" : "claims_unavailable"), className: "none" }));
      return;
    }
    list.replaceChildren(
      ...this.claims.map(({ item: claim, start }, index) => {
        const entry = element("li", { className: claim.source ? "claim" : "claim no-source" });
        entry.append(
          element("span", { text: label("claim", claim.kind), className: "kind" }),
          element("q", { text: claim.text }),
          element("span", { text: claim.source ? this.sourceText(claim) : `⚠ ${t("no_source")}`, className: claim.source ? "source" : "source missing" }),
        );
        if (start >= 0) {
          const show = element("button", { text: t("show_in_text"), className: "quiet", attributes: { type: "button" } });
          show.addEventListener("click", () => this.focusMark(`c${index}`));
          entry.append(show);
        }
        return entry;
      }),
    );
  }

  // --- the card a mark shows ------------------------------------------------------------

  installMarkEvents() {
    const wrap = $("#editor-wrap");
    this.marks.addEventListener("mouseover", (event) => {
      const mark = event.target.closest("mark");
      if (mark) this.showCard(mark);
    });
    wrap.addEventListener("mouseleave", () => {
      if (!this.card.contains(document.activeElement)) this.hideCard();
    });
    this.marks.addEventListener("focusin", (event) => {
      const mark = event.target.closest("mark");
      if (mark) this.showCard(mark);
    });
    this.marks.addEventListener("focusout", (event) => {
      if (!this.card.contains(event.relatedTarget)) this.hideCard();
    });
    this.card.addEventListener("focusout", (event) => {
      if (!this.card.contains(event.relatedTarget) && !this.marks.contains(event.relatedTarget)) this.hideCard();
    });
    // A click on a marked word puts the caret there, as on any other word.
    this.marks.addEventListener("mousedown", (event) => {
      const mark = event.target.closest("mark");
      if (!mark || event.button !== 0) return;
      event.preventDefault();
      const offset = this.offsetAt(event.clientX, event.clientY, mark);
      this.body.focus();
      this.body.setSelectionRange(offset, offset);
      this.showCard(mark);
    });
    this.marks.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark");
      if (!mark) return;
      if (event.key === "Enter") {
        const index = this.refsOf(mark).find((ref) => ref[0] === "f" && this.applyButton(Number(ref.slice(1))));
        if (index) {
          event.preventDefault();
          this.apply(Number(index.slice(1)));
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        const at = Number(mark.dataset.start);
        this.hideCard();
        this.body.focus();
        this.body.setSelectionRange(at, at);
      }
    });
  }

  offsetAt(x, y, mark) {
    const start = Number(mark.dataset.start);
    const position = document.caretPositionFromPoint?.(x, y);
    if (position && mark.contains(position.offsetNode)) return start + position.offset;
    const range = document.caretRangeFromPoint?.(x, y);
    if (range && mark.contains(range.startContainer)) return start + range.startOffset;
    return start;
  }

  refsOf(mark) {
    return mark.dataset.refs.split(" ");
  }

  showCard(mark) {
    const card = this.card;
    card.replaceChildren();
    for (const ref of this.refsOf(mark)) {
      const index = Number(ref.slice(1));
      const section = element("section", { className: ref[0] === "f" ? "card-finding" : "card-claim" });
      if (ref[0] === "f") {
        const { item: finding } = this.findings[index];
        section.append(this.findingHead(finding), element("p", { text: finding.message }));
        if (finding.suggestion) section.append(element("p", { text: t("suggestion_is", { suggestion: finding.suggestion }), className: "suggestion-text" }));
        const apply = this.applyButton(index);
        if (apply) section.append(apply, element("p", { text: t("apply_hint"), className: "hint" }));
      } else {
        const { item: claim } = this.claims[index];
        section.append(
          element("p", { text: label("claim", claim.kind), className: "head" }),
          element("p", { text: claim.source ? this.sourceText(claim) : `⚠ ${t("no_source")}`, className: claim.source ? "source" : "source missing" }),
        );
      }
      card.append(section);
    }
    card.hidden = false;
    const wrap = $("#editor-wrap");
    const left = Math.max(0, Math.min(mark.offsetLeft, wrap.clientWidth - card.offsetWidth - 4));
    card.style.left = `${left}px`;
    card.style.top = `${mark.offsetTop + mark.offsetHeight + 4}px`;
    for (const other of $$("mark.current", this.marks)) other.classList.remove("current");
    for (const ref of this.refsOf(mark)) {
      for (const piece of $$(`mark[data-refs~="${ref}"]`, this.marks)) piece.classList.add("current");
    }
  }

  hideCard() {
    this.card.hidden = true;
    for (const mark of $$("mark.current", this.marks)) mark.classList.remove("current");
  }

  /** Findings in the order of the text; those without a place in it last. */
  findingOrder() {
    return this.findings
      .map((span, index) => ({ index, at: span.start < 0 ? Infinity : span.start, rank: SEVERITY_RANK[span.item.severity] }))
      .sort((a, b) => a.at - b.at || a.rank - b.rank)
      .map((entry) => entry.index);
  }

  /** n / j: the next finding (p / k: the previous one): its mark, or its entry in the list. */
  focusFinding(step) {
    const order = this.findingOrder();
    if (!order.length) return notice(t("no_findings"));
    const at = order.indexOf(this.current);
    const next = at < 0 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length;
    this.current = order[next];
    if (this.findings[this.current].start >= 0) return this.focusMark(`f${this.current}`);
    document.dispatchEvent(new CustomEvent("draftdesk:panel", { detail: "findings" }));
    const entry = $(`#finding-f${this.current}`);
    entry.tabIndex = -1;
    entry.focus();
  }

  focusMark(ref) {
    const mark = $(`#mark-${ref}`);
    if (!mark) return;
    if (ref[0] === "f") this.current = Number(ref.slice(1));
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  focusText() {
    this.body.focus();
  }

  /** One finding's replacement into the text, through the editing commands (so that
   * undo takes it back), then checked at once. */
  apply(index) {
    const { item: finding, start, end } = this.findings[index];
    if (start < 0 || this.body.value.slice(start, end) !== finding.excerpt) return notice(t("apply_stale"), "error");
    this.body.focus();
    this.body.setSelectionRange(start, end);
    const applied = finding.replacement === "" ? document.execCommand("delete") : document.execCommand("insertText", false, finding.replacement);
    if (!applied) {
      this.body.setRangeText(finding.replacement, start, end, "end");
      this.body.dispatchEvent(new Event("input"));
    }
    // The replacement is the rule's own fix: the finding goes now, the check confirms it.
    this.findings = this.findings.filter((span) => span.item !== finding);
    this.hideCard();
    this.render();
    this.recheck.cancel();
    this.check();
  }

  // --- save, approve, rewrite --------------------------------------------------------------

  agentName() {
    return $("#agent-name").value.trim() || this.draft?.agent?.name || "";
  }

  errorCount() {
    return this.findings.filter((span) => span.item.severity === "error").length;
  }

  canSave() {
    return Boolean(this.draft) && this.draft.status !== "approved" && this.dirty && !this.busy;
  }

  canApprove() {
    return Boolean(this.draft) && !$("#approve").disabled;
  }

  updateActions() {
    const draft = this.draft;
    if (!draft) return;
    const approved = draft.status === "approved";
    const errors = this.errorCount();
    const reason = visibleLength($("#override").value);
    const enough = reason >= MIN_OVERRIDE_REASON;
    $("#override-box").hidden = approved || errors === 0;
    $("#save").disabled = !this.canSave();
    $("#approve").disabled = approved || this.busy || (errors > 0 && !enough);
    for (const button of $$("[data-style]")) button.disabled = approved || this.busy;
    let hint = "";
    if (approved) {
      const approval = draft.approval || {};
      hint = t(approval.override_reason ? "approved_with_override_by" : "approved_by", {
        name: approval.by || "",
        at: formatTime(approval.at),
        reason: approval.override_reason || "",
      });
    } else if (errors > 0) {
      hint = enough ? t("override_will_apply", { errors }) : t("errors_block", { errors, min: MIN_OVERRIDE_REASON, written: reason });
    } else if (this.dirty) {
      hint = t("unsaved_changes");
    }
    $("#approve-hint").textContent = hint;
    $("#approve-hint").className = approved ? "hint ok" : errors > 0 ? "hint error" : "hint";
    $("#draft-meta").textContent = t("draft_meta", {
      version: draft.version,
      status: label("status", draft.status),
      model: draft.model?.name || "—",
    });
  }

  /** The edited text as a new version (checked by the server); the new draft, or null. */
  async save() {
    if (!this.draft) return null;
    if (!this.dirty) return this.draft;
    this.busy = true;
    this.updateActions();
    const request = { subject: this.subject.value, body: this.body.value, version: this.draft.version };
    const agent = this.agentName();
    if (agent) request.agent = { name: agent };
    const result = await call("PUT", path`/v1/drafts/${this.draft.id}`, request);
    this.busy = false;
    if (!result.ok) {
      this.updateActions();
      noticeProblem(result);
      return null;
    }
    this.onDraft(result.data);
    notice(t("saved", { version: result.data.version }), "ok");
    return result.data;
  }

  async approve() {
    if (!this.draft || this.busy) return;
    const agent = this.agentName();
    if (!agent) {
      notice(t("name_needed"), "error");
      return $("#agent-name").focus();
    }
    const override = $("#override").value.trim();
    const draft = await this.save();
    if (!draft) return;
    const request = { agent, version: draft.version };
    if (override && draft.findings.some((f) => f.severity === "error")) request.override_reason = override;
    this.busy = true;
    this.updateActions();
    const result = await call("POST", path`/v1/drafts/${draft.id}/approve`, request);
    this.busy = false;
    if (result.status === 409 && Array.isArray(result.data?.findings)) {
      this.showBlocking(result.data.findings);
      this.updateActions();
      $("#override").focus();
      return notice(t("blocked"), "error"); // in the agent's language; the box lists the findings
    }
    if (!result.ok) {
      this.updateActions();
      return noticeProblem(result);
    }
    this.onDraft(result.data);
    notice(t("approved_notice", { version: result.data.version }), "ok");
  }

  showBlocking(findings) {
    const box = $("#blocking");
    box.replaceChildren(element("p", { text: t("blocked") }));
    const list = element("ul");
    for (const finding of findings) {
      const entry = element("li", { className: finding.severity });
      entry.append(this.findingHead(finding), element("span", { text: ` ${finding.message}` }));
      if (finding.excerpt) entry.append(element("q", { text: finding.excerpt }));
      list.append(entry);
    }
    box.append(list);
    box.hidden = false;
    $("#override-box").hidden = false;
  }

  async rewrite(style) {
    if (!this.draft || this.busy) return;
    const draft = await this.save();
    if (!draft) return;
    this.busy = true;
    this.updateActions();
    notice(t("rewriting", { style: label("style", style) }));
    const request = { style, seen_version: draft.version };
    const agent = this.agentName();
    if (agent) request.agent = { name: agent };
    const result = await call("POST", path`/v1/drafts/${draft.id}/rewrite`, request);
    this.busy = false;
    if (!result.ok) {
      this.updateActions();
      if (problemType(result) === "cannot-rewrite") return notice(result.data.detail, "error");
      return noticeProblem(result);
    }
    this.onDraft(result.data);
    notice(t("rewritten", { style: label("style", style), version: result.data.version }), "ok");
  }
}
