// The inbox: open tickets newest first or by age, each with its age against the shop's
// response target, filtered by draft state; and a form that adds a ticket.
import { call } from "./console_api.js";
import { $, $$, element } from "./console_dom.js";
import { formatMinutes, formatTime, label, onLanguageChange, t } from "./console_i18n.js";
import { notice, noticeProblem, problemText } from "./console_notice.js";
import { shortcut } from "./console_shortcuts.js";

const STATES = ["none", "drafting", "needs_review", "blocked", "approved"];
const PAGE_SIZE = 50;
const REFRESH_MS = 60_000; // ages move on: the inbox is read again every minute while it is in view
// Not by colour alone: each response class has its own mark and word.
const RESPONSE_MARK = { fast: "●", due: "◆", late: "▲" };

const inbox = { state: "", sort: "newest", items: [], counts: null, target: null, cursor: null, pages: 0, loading: 0 };

export function ticketUrl(ticketId) {
  return `/tickets/${encodeURIComponent(ticketId)}`;
}

export function responseBadge(item) {
  const badge = element("span", { className: `response ${item.response}` });
  badge.append(
    element("span", { text: RESPONSE_MARK[item.response] || "", attributes: { "aria-hidden": "true" } }),
    element("span", { text: ` ${label("response", item.response)} · ${formatMinutes(item.age_minutes)}` }),
  );
  return badge;
}

export function stateBadge(state) {
  return element("span", { text: label("state", state), className: `state ${state}` });
}

async function load({ more = false } = {}) {
  const loading = ++inbox.loading;
  const query = new URLSearchParams({ sort: inbox.sort, limit: String(PAGE_SIZE) });
  if (inbox.state) query.set("state", inbox.state);
  if (more && inbox.cursor) query.set("cursor", inbox.cursor);
  const result = await call("GET", `/v1/tickets?${query}`);
  if (loading !== inbox.loading) return; // a newer request (filter, sort) is on its way
  if (!result.ok) {
    inbox.items = more ? inbox.items : [];
    render();
    return noticeProblem(result);
  }
  notice("");
  inbox.items = more ? [...inbox.items, ...result.data.tickets] : result.data.tickets;
  inbox.counts = result.data.counts;
  inbox.target = result.data.target;
  inbox.cursor = result.data.next_cursor;
  inbox.pages = more ? inbox.pages + 1 : 1;
  render();
}

function render() {
  renderFilter();
  const target = inbox.target;
  $("#target").textContent = target ? t("response_target", { fast: formatMinutes(target.fast_minutes), limit: formatMinutes(target.limit_minutes) }) : "";
  const focused = document.activeElement?.closest?.("#tickets tr")?.dataset.ticketId;
  $("#tickets tbody").replaceChildren(...inbox.items.map(row));
  if (focused) $$("#tickets tbody tr").find((tr) => tr.dataset.ticketId === focused)?.querySelector("a")?.focus();
  $("#empty").hidden = inbox.items.length > 0;
  $("#more").hidden = !inbox.cursor;
}

function renderFilter() {
  const counts = inbox.counts || {};
  const total = STATES.reduce((sum, state) => sum + (counts[state] || 0), 0);
  const button = (state, text, count) => {
    const node = element("button", { attributes: { type: "button", "aria-pressed": String(inbox.state === state), "data-state": state } });
    node.append(element("span", { text }), element("span", { text: inbox.counts ? String(count) : "", className: "count" }));
    node.addEventListener("click", () => filterBy(state));
    return node;
  };
  $("#state-filter").replaceChildren(
    button("", t("state_all"), total),
    ...STATES.map((state) => button(state, label("state", state), counts[state] || 0)),
  );
}

function row(item) {
  const tr = element("tr", { className: `ticket ${item.response}`, attributes: { "data-ticket-id": item.ticket_id } });
  const subject = element("td", { className: "subject" });
  subject.append(element("a", { text: item.subject || item.ticket_id, attributes: { href: ticketUrl(item.ticket_id) } }));
  subject.append(element("span", { text: item.ticket_id, className: "id" }));
  const cell = (content, className) => {
    const td = element("td", { className });
    td.append(content);
    return td;
  };
  tr.append(
    cell(responseBadge(item), "response-cell"),
    subject,
    cell(label("language", item.language)),
    cell(item.intent ? label("intent", item.intent) : "—"),
    cell(item.order_number || "—", "mono"),
    cell(stateBadge(item.draft_state)),
    cell(formatTime(item.received_at)),
  );
  return tr;
}

function filterBy(state) {
  inbox.state = state;
  inbox.cursor = null;
  load();
}

/** j / k: move between the tickets' links; Enter opens (it is a link). */
function moveSelection(step) {
  const links = $$("#tickets tbody td.subject a");
  if (!links.length) return;
  const at = links.indexOf(document.activeElement);
  const next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next].focus();
  links[next].closest("tr").scrollIntoView({ block: "nearest" });
}

// --- the new-ticket form ---------------------------------------------------------------

function newTicketForm() {
  const dialog = $("#new-ticket");
  const form = $("#ticket-form");
  const samples = $("#sample-data") ? JSON.parse($("#sample-data").textContent) : [];
  $("#new-ticket-button").addEventListener("click", openForm);
  $("#cancel-ticket").addEventListener("click", () => dialog.close());
  $("#samples")?.addEventListener("change", (event) => {
    const ticket = samples[event.target.value];
    if (!ticket) return;
    form.elements.id.value = ticket.id;
    form.elements.email.value = ticket.from?.email || "";
    form.elements.name.value = ticket.from?.name || "";
    form.elements.subject.value = ticket.subject || "";
    form.elements.body.value = ticket.body;
    form.elements.received_at.value = ticket.received_at ? localInput(new Date(ticket.received_at)) : "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const then = event.submitter?.value || "store";
    const result = await call("POST", "/v1/tickets", { ticket: ticketFrom(form) });
    if (!result.ok) {
      $("#form-problem").textContent = problemText(result);
      return;
    }
    dialog.close();
    form.reset();
    if (then === "draft") {
      window.location.assign(`${ticketUrl(result.data.ticket_id)}#draft`);
      return;
    }
    notice(t("ticket_added", { id: result.data.ticket_id }), "ok");
    load();
  });
}

function openForm() {
  const form = $("#ticket-form");
  $("#form-problem").textContent = "";
  if (!form.elements.id.value) form.elements.id.value = `T-${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  if (!form.elements.received_at.value) form.elements.received_at.value = localInput(new Date());
  $("#new-ticket").showModal();
  form.elements.body.focus();
}

/** A Date as a datetime-local input's value (the browser's local time). */
function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function ticketFrom(form) {
  const value = (name) => form.elements[name].value.trim();
  const received = value("received_at");
  return {
    id: value("id"),
    channel: "email",
    subject: value("subject"),
    body: form.elements.body.value,
    from: { email: value("email") || null, name: value("name") || null },
    received_at: received ? new Date(received).toISOString() : new Date().toISOString(),
  };
}

export function startInbox() {
  $("#sort").addEventListener("change", (event) => {
    inbox.sort = event.target.value;
    load();
  });
  $("#refresh").addEventListener("click", () => load());
  $("#more").addEventListener("click", () => load({ more: true }));
  newTicketForm();
  shortcut(["j"], "shortcut_next_ticket", () => moveSelection(1));
  shortcut(["k"], "shortcut_previous_ticket", () => moveSelection(-1));
  shortcut(["c"], "shortcut_new_ticket", openForm);
  shortcut(["r"], "shortcut_refresh", () => load());
  ["", ...STATES].forEach((state, index) => {
    shortcut([String(index + 1)], index ? `shortcut_filter_${state}` : "shortcut_filter_all", () => filterBy(state));
  });
  onLanguageChange(render);
  setInterval(() => {
    if (document.visibilityState === "visible" && !$("#new-ticket").open && inbox.pages <= 1) load();
  }, REFRESH_MS);
  document.addEventListener("draftdesk:key", () => load());
  render();
  load();
}
