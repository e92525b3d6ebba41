// The Zendesk ticket sidebar (ZAF v2). Every API call goes through the ZAF client with
// `secure: true`: Zendesk's proxy replaces {{setting.api_key}} with the app's secure
// setting on its servers, so the key never reaches this page.
import { DraftPanel, languageOf } from "./helpdesk_panel.js";

function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function zafApi(client, baseUrl) {
  return {
    async call(method, path, body) {
      const options = {
        url: baseUrl + path,
        type: method,
        dataType: "json",
        headers: { Authorization: "Bearer {{setting.api_key}}" },
        secure: true,
        httpCompleteResponse: true,
      };
      if (body !== undefined) Object.assign(options, { contentType: "application/json", data: JSON.stringify(body) });
      try {
        const response = await client.request(options);
        return { ok: true, status: response.status, data: response.responseJSON ?? parsed(response.responseText) };
      } catch (failure) {
        const data = failure?.responseJSON ?? parsed(failure?.responseText);
        return { ok: false, status: failure?.status ?? 0, data };
      }
    },
  };
}

/** The ticket as Draftdesk reads it: the requester's latest comment is what to answer. */
async function readTicket(client) {
  const data = await client.get(["ticket.id", "ticket.subject", "ticket.requester", "ticket.comments"]);
  const requester = data["ticket.requester"] || {};
  const theirs = (data["ticket.comments"] || []).filter((c) => c.author?.id === requester.id && c.value);
  if (!theirs.length) return null;
  const latest = theirs.reduce((a, b) => (b.id > a.id ? b : a)); // comment ids grow with time
  return {
    id: `zendesk-${data["ticket.id"]}`,
    channel: "zendesk",
    subject: data["ticket.subject"] || "",
    body: latest.value,
    from: { email: requester.email || null, name: requester.name || null },
    language: languageOf(requester.locale),
  };
}

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The reply as the editor's rich text: escaped, its line breaks kept. */
function editorHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]).split("\n").join("<br>");
}

const client = window.ZAFClient ? window.ZAFClient.init() : false; // false outside Zendesk
const panel = new DraftPanel({
  api: null, // once the app's settings are known
  readTicket: () => readTicket(client),
  insert: (draft) => client.invoke("ticket.editor.insert", editorHtml(draft.body)),
});

async function start() {
  const [metadata, user, ticket] = await Promise.all([
    client.metadata(),
    client.get("currentUser"),
    client.get("ticket.id"),
  ]);
  const baseUrl = (metadata.settings?.draftdesk_url || window.location.origin).replace(/\/+$/, "");
  panel.api = zafApi(client, baseUrl);
  const agent = user.currentUser || {};
  panel.setAgent({ name: agent.name || null, locale: agent.locale || null });
  await panel.show(`zendesk-${ticket["ticket.id"]}`);
}

if (!client) panel.fail("not_in_helpdesk");
else start().catch((error) => panel.say("failed", "error", error?.message || String(error)));
