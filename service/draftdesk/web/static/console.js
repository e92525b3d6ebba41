// The agent's workplace: the header every page shares (API key, agent name, language,
// shortcuts), then the page itself: the inbox or a ticket with its draft.
import { apiKey, setApiKey } from "./console_api.js";
import { $ } from "./console_dom.js";
import { chooseLanguage, translatePage } from "./console_i18n.js";
import { startInbox } from "./console_inbox.js";
import { installShortcuts } from "./console_shortcuts.js";
import { startTicket } from "./console_ticket.js";

const AGENT = "draftdesk-agent"; // the agent's name is no secret: kept across sessions

function header() {
  const key = $("#api-key");
  key.value = apiKey();
  key.addEventListener("change", () => {
    setApiKey(key.value.trim());
    document.dispatchEvent(new CustomEvent("draftdesk:key"));
  });
  const agent = $("#agent-name");
  agent.value = localStorage.getItem(AGENT) || "";
  agent.addEventListener("change", () => {
    const name = agent.value.trim();
    if (name) localStorage.setItem(AGENT, name);
    else localStorage.removeItem(AGENT);
  });
  for (const button of document.querySelectorAll("[data-language]")) {
    button.addEventListener("click", () => chooseLanguage(button.dataset.language));
  }
}

translatePage();
header();
installShortcuts();
if (document.body.dataset.page === "ticket") startTicket(document.body.dataset.ticketId);
else startInbox();
