// The Chatwoot dashboard app. Chatwoot frames this page and posts the conversation as
// JSON text, {event: "appContext", data: {conversation, contact, currentAgent}}, when the
// frame loads and whenever asked with "chatwoot-dashboard-app:fetch-info". Only messages
// from the configured Chatwoot origin, sent by the parent frame, are believed.
//
// The agent pastes a Draftdesk API key once; it stays in this frame's localStorage (the
// browser keeps it apart per helpdesk site) and travels only in the Authorization header.
import { DraftPanel } from "./helpdesk_panel.js";

const CHATWOOT_ORIGIN = document.body.dataset.chatwootOrigin;
const FETCH_INFO = "chatwoot-dashboard-app:fetch-info";
const KEY = "draftdesk-chatwoot-api-key";
const $ = (selector) => document.querySelector(selector);

const api = {
  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${localStorage.getItem(KEY) || ""}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const sent = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(path, { method, headers, body: sent });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  },
};

let context = null;

/** What the customer wrote last: the newest incoming, public message with text. */
function readTicket() {
  const { conversation, contact } = context;
  const incoming = (conversation.messages || []).filter(
    (m) => (m.message_type === 0 || m.message_type === "incoming") && !m.private && m.content?.trim(),
  );
  if (!incoming.length) return null;
  const latest = incoming.reduce((a, b) => (b.id > a.id ? b : a));
  const sender = contact || conversation.meta?.sender || {};
  return {
    id: ticketIdOf(conversation),
    channel: "chatwoot",
    body: latest.content,
    from: { email: sender.email || null, name: sender.name || null },
  };
}

function ticketIdOf(conversation) {
  return `chatwoot-${conversation.account_id}-${conversation.id}`;
}

const panel = new DraftPanel({
  api,
  readTicket,
  onUnauthorized: () => {
    localStorage.removeItem(KEY);
    askForKey("key_rejected");
  },
});

function askForKey(reason) {
  $("#key-form").hidden = false;
  $("#forget-key").hidden = true;
  panel.say(reason, "error");
}

function showConversation() {
  if (!context) return panel.say("waiting_for_context");
  if (!localStorage.getItem(KEY)) return askForKey("key_needed");
  $("#key-form").hidden = true;
  $("#forget-key").hidden = false;
  panel.show(ticketIdOf(context.conversation));
}

function appContext(event) {
  if (event.origin !== CHATWOOT_ORIGIN || event.source !== window.parent) return null;
  let message;
  try {
    message = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
  } catch {
    return null;
  }
  const conversation = message?.event === "appContext" ? message.data?.conversation : null;
  return Number.isInteger(conversation?.id) && Number.isInteger(conversation?.account_id) ? message.data : null;
}

window.addEventListener("message", (event) => {
  const received = appContext(event);
  if (!received) return;
  const moved = !context || ticketIdOf(context.conversation) !== ticketIdOf(received.conversation);
  context = received;
  panel.setAgent({ name: received.currentAgent?.name || null, locale: null });
  if (moved) showConversation();
});

$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const key = $("#api-key").value.trim();
  if (!key) return;
  localStorage.setItem(KEY, key);
  $("#api-key").value = "";
  showConversation();
});

$("#forget-key").addEventListener("click", () => {
  localStorage.removeItem(KEY);
  askForKey("key_needed");
});

if (window.parent === window) {
  panel.fail("not_in_helpdesk");
} else {
  panel.say("waiting_for_context");
  window.parent.postMessage(FETCH_INFO, CHATWOOT_ORIGIN);
}
