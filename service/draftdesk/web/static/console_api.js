// How the workplace reaches the REST API: the same /v1 endpoints integrators use, with
// the agent's key from this tab's sessionStorage, sent only in the Authorization header.
//
// The key lives in sessionStorage at most: never in localStorage, where it would outlive
// the session and be readable by anything that runs on this origin later.
export const KEY = "draftdesk-key";
localStorage.removeItem(KEY); // left by earlier versions of the console

export function apiKey() {
  return sessionStorage.getItem(KEY) || "";
}

export function setApiKey(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

function headers({ json = false, accept = "application/json" } = {}) {
  const result = { Accept: accept };
  if (json) result["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) result.Authorization = `Bearer ${key}`;
  return result;
}

/** {ok, status, data}: data is the JSON answer (a problem on failure), or null. */
export async function call(method, path, body) {
  const init = { method, headers: headers({ json: body !== undefined }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return { ok: false, status: 0, data: { detail: String(error.message || error) } };
  }
  const data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data };
}

/** An API path from parts: each one encoded. */
export function path(strings, ...values) {
  return strings.reduce((built, part, index) => built + part + (index < values.length ? encodeURIComponent(values[index]) : ""), "");
}

/**
 * POST and read the server-sent events as they arrive (fetch + ReadableStream: an
 * EventSource can neither POST nor send the key in a header). onEvent(name, data) for
 * each event; resolves to {ok, status, data} like call() when the server refused.
 */
export async function stream(url, body, onEvent) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: headers({ json: true, accept: "text/event-stream" }),
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { ok: false, status: 0, data: { detail: String(error.message || error) } };
  }
  if (!response.ok || !response.body) {
    return { ok: false, status: response.status, data: await response.json().catch(() => null) };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) onEvent(event.name, event.data);
    }
  }
  return { ok: true, status: response.status, data: null };
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return null;
  try {
    return { name, data: JSON.parse(data.join("\n")) };
  } catch {
    return null;
  }
}

/** The problem's type name (the last part of its type URI): "cannot-rewrite", … */
export function problemType(result) {
  const type = result.data?.type || "";
  return type.slice(type.lastIndexOf("/") + 1);
}
