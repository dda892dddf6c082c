// Reviews and full text on the event and review pages: the analyst pastes a token once; it is sent as a Bearer header.
"use strict";

(function () {
  const aw = window.armswatch;
  const input = document.getElementById("token-input");
  const state = document.getElementById("token-state");

  function showTokenState() {
    if (state) state.textContent = aw.token() ? "(kept for this tab)" : "(none)";
  }
  const tokenForm = document.getElementById("token-form");
  if (tokenForm) {
    tokenForm.addEventListener("submit", (event) => {
      event.preventDefault();
      aw.setToken(input.value.trim());
      input.value = "";
      showTokenState();
    });
  }
  const clear = document.getElementById("token-clear");
  if (clear) clear.addEventListener("click", () => { aw.setToken(""); showTokenState(); });
  showTokenState();

  function headers() {
    const out = { "Content-Type": "application/json", Accept: "application/json" };
    if (aw.token()) out.Authorization = "Bearer " + aw.token();
    return out;
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return response.status + ": " + body.detail;
    } catch (error) {
      return String(response.status);
    }
  }

  for (const form of document.querySelectorAll("form.review")) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const message = form.querySelector(".review-msg");
      message.className = "review-msg";
      message.textContent = "sending…";
      const body = {
        target: form.dataset.target,
        target_id: form.dataset.id,
        status: form.elements.status.value,
        note: form.elements.note.value,
      };
      const response = await fetch("/api/reviews", { method: "POST", headers: headers(), body: JSON.stringify(body) });
      if (!response.ok) {
        message.className = "review-msg refused";
        message.textContent = "refused: " + (await problem(response));
        return;
      }
      const saved = await response.json();
      message.className = "review-msg ok";
      message.textContent = "saved: " + saved.status + " by " + saved.who;
      // A rejected claim may take the event with it: reload the page only while the event still exists.
      const eventPath = window.location.pathname;
      if (eventPath.startsWith("/events/")) {
        const still = await fetch("/api" + eventPath, { headers: { Accept: "application/json" } });
        if (still.ok) window.location.reload();
        else message.textContent += "; the event has no claims left (see the events list)";
      } else {
        window.location.reload();
      }
    });
  }

  for (const button of document.querySelectorAll("button.fulltext")) {
    button.addEventListener("click", async function () {
      const pre = button.closest(".claim").querySelector(".doc-text");
      const response = await fetch("/api/documents/" + encodeURIComponent(button.dataset.doc), { headers: headers() });
      pre.hidden = false;
      pre.textContent = response.ok ? (await response.json()).text : "full text is for analysts: " + (await problem(response));
    });
  }
})();
