// Keyboard shortcuts: single keys that never fire while the agent types in a field.
// Each page registers its own; `?` lists them.
import { $, element } from "./console_dom.js";
import { t } from "./console_i18n.js";

const bindings = [];

/** keys: the event.key values; label: an i18n key; when(): whether it may run now. */
export function shortcut(keys, label, run, { when = () => true } = {}) {
  bindings.push({ keys, label, run, when });
}

function typing(target) {
  return Boolean(target.closest?.("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (typing(event.target)) {
    if (event.key === "Escape") event.target.blur(); // a way back to the shortcuts
    return;
  }
  if ($("dialog[open]")) return; // a dialog has the keyboard
  const binding = bindings.find((b) => b.keys.includes(event.key));
  if (!binding || !binding.when()) return;
  event.preventDefault();
  binding.run(event);
}

export function showShortcuts() {
  const list = $("#shortcut-list");
  list.replaceChildren();
  for (const binding of [...bindings, { keys: ["?"], label: "shortcut_help" }, { keys: ["Esc"], label: "shortcut_escape" }]) {
    const keys = element("dt");
    binding.keys.forEach((key, index) => {
      if (index) keys.append(" / ");
      keys.append(element("kbd", { text: key }));
    });
    list.append(keys, element("dd", { text: t(binding.label) }));
  }
  $("#shortcuts").showModal();
}

export function installShortcuts() {
  document.addEventListener("keydown", (event) => {
    if (event.key === "?" && !typing(event.target) && !$("dialog[open]")) {
      event.preventDefault();
      return showShortcuts();
    }
    onKey(event);
  });
  $("#show-shortcuts").addEventListener("click", showShortcuts);
  for (const button of document.querySelectorAll("dialog .close-dialog")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }
}
