// The agent console talks to the same REST API integrators use.
const $ = (selector) => document.querySelector(selector);
// The API key lives in this tab's sessionStorage at most: never in localStorage, where it
// would outlive the session and be readable by anything that runs on this origin later.
const KEY = "draftdesk-key";
const keyInput = $("#api-key");
localStorage.removeItem(KEY); // left by earlier versions of this page
keyInput.value = sessionStorage.getItem(KEY) || "";
keyInput.addEventListener("change", () => {
  if (keyInput.value) sessionStorage.setItem(KEY, keyInput.value);
  else sessionStorage.removeItem(KEY);
});
let current = null;

async function call(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (keyInput.value) headers["Authorization"] = `Bearer ${keyInput.value}`;
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data };
}

function notice(text, kind = "") {
  const box = $("#notice");
  box.textContent = text;
  box.className = kind;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function showFindings(findings) {
  const list = $("#findings");
  list.replaceChildren();
  if (!findings.length) list.append(Object.assign(document.createElement("li"), { textContent: "No findings." }));
  for (const f of findings) {
    const item = document.createElement("li");
    item.className = f.severity;
    item.textContent = `${f.rule} ${f.severity}: ${f.message} «${f.excerpt}»` + (f.suggestion ? ` → ${f.suggestion}` : "");
    list.append(item);
  }
}

function showDraft(draft) {
  current = draft;
  $("#draft-pane").hidden = false;
  $("#draft-subject").value = draft.subject;
  $("#draft-body").value = draft.body;
  const fallback = draft.model.fallback_used ? ` · fallback: ${draft.model.fallback_reason}` : "";
  $("#draft-meta").textContent = `${draft.id} v${draft.version} · ${draft.status} · ${draft.language} · ${draft.intent} · ${draft.model.name}${fallback}`;
  showFindings(draft.findings);
  const rows = $("#facts tbody");
  rows.replaceChildren();
  for (const fact of draft.facts) {
    const row = rows.insertRow();
    cell(row, fact.label);
    cell(row, fact.value || "—");
    cell(row, fact.certainty, `badge ${fact.certainty}`);
  }
  const cites = $("#citations");
  cites.replaceChildren(...draft.citations.map((c) =>
    Object.assign(document.createElement("li"), { textContent: `${c.passage_id} — ${c.title} (${c.score.toFixed(2)})` })));
  const how = draft.order_resolution;
  $("#resolution").textContent = how ? `Order: ${how.order_number || "not found"} (${how.reason})` : "";
  const approved = draft.status === "approved";
  $("#save").disabled = approved;
  $("#approve").disabled = approved;
}

function problemText(result) {
  return result.data.detail || `request failed (${result.status})`;
}

const samples = $("#sample-data") ? JSON.parse($("#sample-data").textContent) : [];
$("#samples")?.addEventListener("change", (event) => {
  const ticket = samples[event.target.value];
  if (!ticket) return;
  const form = $("#ticket-form");
  form.id.value = ticket.id;
  form.email.value = ticket.from?.email || "";
  form.name.value = ticket.from?.name || "";
  form.subject.value = ticket.subject || "";
  form.body.value = ticket.body;
});

$("#ticket-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const ticket = { id: form.id.value, subject: form.subject.value, body: form.body.value,
                   from: { email: form.email.value || null, name: form.name.value || null } };
  const body = { ticket };
  if (form.agent.value) body.agent = { name: form.agent.value };
  notice("Drafting…");
  const result = await call("POST", "/v1/drafts", body);
  if (!result.ok) return notice(problemText(result), "error");
  showDraft(result.data);
  notice(result.data.findings.some((f) => f.severity === "error") ? "Draft has errors: fix before approving." : "Draft ready.");
});

$("#save").addEventListener("click", async () => {
  const result = await call("PUT", `/v1/drafts/${current.id}`, { subject: $("#draft-subject").value, body: $("#draft-body").value });
  if (!result.ok) return notice(problemText(result), "error");
  showDraft(result.data);
  notice("Saved and re-checked.");
});

$("#approve").addEventListener("click", async () => {
  const agent = $("#ticket-form").agent.value || current.agent?.name || "agent";
  const payload = { agent };
  if ($("#override").value) payload.override_reason = $("#override").value;
  const result = await call("POST", `/v1/drafts/${current.id}/approve`, payload);
  if (result.status === 409 && result.data.findings) {
    showFindings(result.data.findings);
    return notice(problemText(result), "error");
  }
  if (!result.ok) return notice(problemText(result), "error");
  showDraft(result.data);
  notice("Approved.");
});
