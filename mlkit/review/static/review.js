// mlkit review: keyboard and buttons. Every write is a JSON POST with the page's CSRF token; the server
// answers after its commit, with the address of the page to show next. Document text is never sliced here.
"use strict";
(function () {
  const card = document.getElementById("item");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const help = document.getElementById("help");
  const form = document.getElementById("textform");
  const input = document.getElementById("textvalue");
  const message = document.getElementById("message");
  let pending = null;

  function say(text) { if (message) message.textContent = text; }

  async function post(path, body) {
    const query = card ? card.dataset.query : "";
    const params = new URLSearchParams(location.search);
    const response = await fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
      body: JSON.stringify(Object.assign({item: card ? card.dataset.item : "", query: query,
                                          system: params.get("system") || ""}, body)),
      credentials: "same-origin",
    });
    const text = await response.text();
    if (!response.ok) { say(text); return; }
    const data = JSON.parse(text);
    location.assign(data.next);
  }

  function ask(label, then) {
    if (!form) return;
    pending = then;
    document.getElementById("textlabel").textContent = label;
    form.hidden = false;
    input.focus();
    input.select();
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const then = pending;
      form.hidden = true;
      pending = null;
      if (then) then(input.value);
    });
  }

  const actions = {
    "accept": () => post("/api/decide", {action: "accept"}),
    "reject": () => post("/api/decide", {action: "reject"}),
    "skip": () => post("/api/decide", {action: "skip"}),
    "correct": () => ask("corrected text", (v) => post("/api/decide", {action: "correct", value: v})),
    "comment": () => { input.value = ""; ask("comment", (v) => post("/api/decide", {action: "comment", value: v})); },
    "undo": () => post("/api/undo", {}),
    "concordance": () => location.assign("/concordance/" + card.dataset.item),
    "fix-all": () => ask("replace every occurrence with", (v) => post("/api/fix-all", {value: v})),
    "merge": () => post("/api/beads", {op: "merge"}),
    "split": () => post("/api/beads", {op: "split"}),
    "move-src-down": () => post("/api/beads", {op: "move", side: "src", down: true}),
    "move-src-up": () => post("/api/beads", {op: "move", side: "src", down: false}),
    "move-tgt-down": () => post("/api/beads", {op: "move", side: "tgt", down: true}),
    "move-tgt-up": () => post("/api/beads", {op: "move", side: "tgt", down: false}),
    "confirm-above": () => post("/api/beads", {op: "confirm-above"}),
    "realign": () => { say("aligning again…"); post("/api/beads", {op: "realign"}); },
  };
  const beadOnly = new Set(["merge", "split", "move-src-down", "move-src-up", "move-tgt-down", "move-tgt-up",
                            "confirm-above", "realign"]);
  const keys = {
    "a": "accept", "r": "reject", "c": "correct", "m": "comment", "s": "skip", "u": "undo", "o": "concordance",
    "f": "fix-all", "g": "merge", "t": "split", "[": "move-src-down", "]": "move-src-up", "{": "move-tgt-down",
    "}": "move-tgt-up", "A": "confirm-above", "R": "realign",
  };

  function run(name) {
    if (!card || !actions[name]) return;
    if (beadOnly.has(name) && card.dataset.kind !== "bead") { say("only for beads"); return; }
    actions[name]();
  }

  function cycleSystem() {
    const links = Array.from(document.querySelectorAll("a.sys"));
    if (!links.length) return;
    const at = links.findIndex((a) => a.classList.contains("on"));
    location.assign(links[(at + 1) % links.length].href);
  }

  document.querySelectorAll("button[data-action]").forEach(function (button) {
    button.addEventListener("click", () => run(button.dataset.action));
  });
  const helpButton = document.getElementById("helpbutton");
  if (helpButton) helpButton.addEventListener("click", () => { help.hidden = !help.hidden; });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (event.key === "Escape") { form.hidden = true; event.target.blur(); }
      return;
    }
    const key = event.key;
    if (key === "?") { help.hidden = !help.hidden; }
    else if (key === "Escape") { help.hidden = true; if (form) form.hidden = true; }
    else if ((key === "j" || key === "n") && card && card.dataset.next) { location.assign(card.dataset.next); }
    else if ((key === "k" || key === "p") && card && card.dataset.prev) { location.assign(card.dataset.prev); }
    else if (key === "q") { location.assign("/queue" + (card && card.dataset.query ? "?" + card.dataset.query : "")); }
    else if (key === "y") { cycleSystem(); }
    else if (keys[key]) { run(keys[key]); }
    else { return; }
    event.preventDefault();
  });
})();
