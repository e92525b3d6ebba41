// A ticket's page: what the customer wrote (quoted history folded), the order facts and
// policy passages the draft rests on, the draft editor, and the panels beside it.
import { call, path, stream } from "./console_api.js";
import { $, element } from "./console_dom.js";
import { DraftEditor } from "./console_editor.js";
import { Panels } from "./console_history.js";
import { label, onLanguageChange, t } from "./console_i18n.js";
import { responseBadge, stateBadge } from "./console_inbox.js";
import { notice, noticeProblem } from "./console_notice.js";
import { shortcut } from "./console_shortcuts.js";

const CERTAINTY_MARK = { confirmed: "✓", estimated: "≈", unknown: "?" };

const page = { ticketId: null, ticket: null, item: null, draft: null, drafting: false };
let editor;
let panels;

async function loadTicket() {
  const result = await call("GET", path`/v1/tickets/${page.ticketId}`);
  if (!result.ok) {
    if (result.status === 404) return notice(t("ticket_not_found", { id: page.ticketId }), "error");
    return noticeProblem(result);
  }
  page.ticket = result.data.ticket;
  page.item = result.data.item;
  renderTicket(result.data);
}

async function loadDraft() {
  const result = await call("GET", path`/v1/tickets/${page.ticketId}/draft`);
  if (result.status === 404) return showDraft(null);
  if (!result.ok) return noticeProblem(result);
  showDraft(result.data);
}

function renderTicket({ ticket, message, quoted, item }) {
  document.title = `${ticket.subject || ticket.id} — Draftdesk`;
  $("#ticket-subject").textContent = ticket.subject || ticket.id;
  renderMeta();
  $("#message").textContent = message;
  $("#quoted").hidden = !quoted;
  $("#quoted-text").textContent = quoted || "";
  if (item) page.item = item;
}

function renderMeta() {
  const ticket = page.ticket;
  if (!ticket) return;
  const meta = $("#ticket-meta");
  const sender = [ticket.from?.name, ticket.from?.email ? `<${ticket.from.email}>` : null].filter(Boolean).join(" ");
  meta.replaceChildren(element("span", { text: sender || t("sender_unknown"), className: "sender" }));
  const item = page.item;
  if (item) {
    meta.append(
      responseBadge(item),
      element("span", { text: label("language", item.language) }),
      element("span", { text: item.intent ? label("intent", item.intent) : "—" }),
      stateBadge(item.draft_state),
    );
  }
  meta.append(element("span", { text: ticket.id, className: "id" }));
}

/** The facts and passages of a draft: what its dates, amounts and promises rest on. */
function renderContext(draft) {
  const resolution = $("#resolution");
  if (!draft) {
    resolution.textContent = t("facts_after_draft");
    $("#facts tbody").replaceChildren();
    $("#citations").replaceChildren();
    return;
  }
  const how = draft.order_resolution;
  resolution.textContent = how ? t("order_found_by", { order: how.order_number || t("order_none"), reason: how.reason }) : "";
  $("#facts tbody").replaceChildren(
    ...draft.facts.map((fact) => {
      const row = element("tr", { className: fact.certainty, attributes: { "data-key": fact.key } });
      const certainty = element("td");
      certainty.append(
        element("span", {
          text: `${CERTAINTY_MARK[fact.certainty] || ""} ${label("certainty", fact.certainty)}`,
          className: `badge ${fact.certainty}`,
        }),
      );
      row.append(element("th", { text: fact.label, attributes: { scope: "row" } }), element("td", { text: fact.value || "—" }), certainty);
      return row;
    }),
  );
  $("#citations").replaceChildren(
    ...draft.citations.map((citation) => {
      const item = element("li", { attributes: { "data-passage-id": citation.passage_id } });
      item.append(
        element("span", { text: citation.title, className: "title" }),
        element("code", { text: citation.passage_id }),
        element("span", { text: citation.score.toFixed(2), className: "score", attributes: { title: t("score") } }),
      );
      return item;
    }),
  );
}

/** What the agent must see before sending: the draft's flags, a fallback to the templates. */
function renderFlags(draft) {
  const notes = (draft?.flags || []).map((flag) => label("flag", flag));
  if (draft?.model?.fallback_used) notes.push(t("fallback_used", { reason: draft.model.fallback_reason || "—" }));
  const box = $("#flags");
  box.hidden = !notes.length;
  box.replaceChildren(element("strong", { text: t("flags_title") }), element("ul", {}, ...notes.map((note) => element("li", { text: note }))));
}

function showDraft(draft) {
  const same = draft && page.draft && draft.id === page.draft.id && draft.version === page.draft.version;
  if (same && editor.dirty) return panels.follow(draft); // reloaded (another key): keep the agent's edits
  page.draft = draft;
  $("#no-draft").hidden = Boolean(draft);
  renderContext(draft);
  renderFlags(draft);
  editor.load(draft);
  panels.follow(draft);
  if (draft && page.item) {
    const order = draft.order_resolution?.order_number ?? page.item.order_number;
    page.item = { ...page.item, draft_id: draft.id, draft_state: draftState(draft), intent: draft.intent, order_number: order };
    renderMeta();
  }
}

/** The inbox's state of a draft, from the draft itself (after an edit on this page). */
function draftState(draft) {
  if (draft.status === "approved") return "approved";
  return draft.findings.some((f) => f.severity === "error") ? "blocked" : "needs_review";
}

// --- drafting, streamed ------------------------------------------------------------------

async function draftReply() {
  if (page.drafting) return;
  if (!page.ticket) return notice(t("ticket_not_loaded"), "error");
  page.drafting = true;
  const button = $("#draft-reply");
  button.disabled = true;
  const sections = $("#stream");
  sections.replaceChildren();
  sections.hidden = false;
  notice(t("drafting"));
  const agent = editor.agentName();
  const body = { ticket: page.ticket };
  if (agent) body.agent = { name: agent };
  let failed = null;
  try {
    const result = await stream("/v1/drafts?stream=true", body, (event, data) => {
      if (event === "section") {
        const item = element("li", { attributes: { "data-section": data.name } });
        item.append(element("span", { text: label("section", data.name), className: "section-name" }), element("span", { text: data.text }));
        sections.append(item);
      } else if (event === "draft") {
        showDraft(data);
        notice(t("draft_ready"), "ok");
      } else if (event === "error") {
        failed = { ok: false, status: data.status, data };
      }
    });
    if (!result.ok) failed = result;
  } finally {
    page.drafting = false;
    button.disabled = false;
    sections.hidden = !failed; // the draft took the sections' place; on failure they show what came
  }
  if (failed) noticeProblem(failed);
}

export function startTicket(ticketId) {
  page.ticketId = ticketId;
  editor = new DraftEditor({ onDraft: (draft) => showDraft(draft) });
  panels = new Panels();
  $("#draft-reply").addEventListener("click", draftReply);
  shortcut(["d"], "shortcut_draft", draftReply, { when: () => !page.drafting });
  shortcut(["j", "n"], "shortcut_next_finding", () => editor.focusFinding(1), { when: () => Boolean(page.draft) });
  shortcut(["k", "p"], "shortcut_previous_finding", () => editor.focusFinding(-1), { when: () => Boolean(page.draft) });
  shortcut(["e"], "shortcut_edit", () => editor.focusText(), { when: () => Boolean(page.draft) });
  shortcut(["s"], "shortcut_save", () => editor.save(), { when: () => editor.canSave() });
  shortcut(["a"], "shortcut_approve", () => editor.approve(), { when: () => editor.canApprove() });
  shortcut(["v"], "shortcut_versions", () => panels.show("versions"));
  shortcut(["m"], "shortcut_model", () => panels.show("model"));
  shortcut(["i", "u"], "shortcut_inbox", () => window.location.assign("/"));
  onLanguageChange(() => {
    renderMeta();
    renderContext(page.draft);
    renderFlags(page.draft);
    editor.render();
    panels.render();
  });
  document.addEventListener("draftdesk:key", () => start());
  const start = async () => {
    await loadTicket();
    await loadDraft();
    if (window.location.hash === "#draft" && page.ticket && !page.draft) {
      history.replaceState(null, "", window.location.pathname);
      draftReply();
    }
  };
  start();
}
