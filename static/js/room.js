// The live room: a chat that never loses a message.
//
// Every message the member sends goes into an outbox (kept in localStorage, so it survives a reload)
// with a client_id, and leaves it only when the server acknowledges it. After any disconnection the
// page re-joins with the last id it holds, fills the gap with `sync`, and resends the outbox with the
// same client_ids: the server stores each client_id once, so nothing is sent twice.
(function () {
  "use strict";

  const root = document.getElementById("room");
  if (!root) return;
  const group = root.dataset.group;
  const log = document.getElementById("room-log");
  const status = document.getElementById("room-status");
  const form = document.getElementById("room-form");
  const input = document.getElementById("room-input");
  const presentList = document.getElementById("room-present");
  const typingLine = document.getElementById("room-typing");
  const outboxKey = "forum-outbox:" + group;

  let lastId = 0;
  let joined = false;
  let flushing = false;
  const shown = new Set();

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function loadOutbox() {
    try {
      return JSON.parse(localStorage.getItem(outboxKey) || "[]");
    } catch (e) {
      return [];
    }
  }

  function saveOutbox(items) {
    localStorage.setItem(outboxKey, JSON.stringify(items));
  }

  function setStatus(text, state) {
    status.textContent = text;
    root.dataset.state = state;
  }

  function authorName(message) {
    return message.author ? message.author.display_name : "a former member";
  }

  function messageElement(message) {
    const item = document.createElement("li");
    item.className = "room-message";
    item.id = "message-" + message.id;
    item.dataset.id = message.id;
    const who = document.createElement("span");
    who.className = "room-author";
    who.textContent = authorName(message);
    const body = document.createElement("div");
    body.className = "room-body";
    body.dir = "auto";
    body.innerHTML = message.body_html; // sanitized by the server at write time
    if (message.reply_to) {
      const quote = document.createElement("blockquote");
      quote.className = "room-quote";
      quote.textContent = message.reply_to.excerpt || "";
      item.append(who, quote, body);
    } else {
      item.append(who, body);
    }
    return item;
  }

  // Insert in id order; ignore a message already shown (a broadcast can race a sync).
  function showMessage(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    document.querySelectorAll('.room-pending[data-client-id="' + message.client_id + '"]').forEach((el) => el.remove());
    const element = messageElement(message);
    let before = null;
    for (const other of log.querySelectorAll(".room-message")) {
      if (Number(other.dataset.id) > message.id) {
        before = other;
        break;
      }
    }
    log.insertBefore(element, before || log.querySelector(".room-pending"));
    lastId = Math.max(lastId, message.id);
    element.scrollIntoView({ block: "nearest" });
  }

  function showPending(item) {
    if (log.querySelector('.room-pending[data-client-id="' + item.client_id + '"]')) return;
    const element = document.createElement("li");
    element.className = "room-pending";
    element.dataset.clientId = item.client_id;
    element.textContent = item.body;
    element.title = "Waiting to be delivered";
    log.appendChild(element);
  }

  function showPresence(present) {
    presentList.replaceChildren(
      ...present.map((member) => {
        const li = document.createElement("li");
        li.textContent = member.display_name;
        return li;
      })
    );
  }

  const socket = io({ transports: ["websocket", "polling"] });

  function request(event, payload) {
    return new Promise((resolve) => socket.timeout(10000).emit(event, payload, (err, reply) => resolve(err ? { ok: false, error: "timeout" } : reply)));
  }

  async function catchUp() {
    let more = true;
    while (more) {
      const reply = await request("sync", { group: group, after: lastId });
      if (!reply.ok) return false;
      reply.messages.forEach(showMessage);
      more = reply.more;
    }
    return true;
  }

  async function flushOutbox() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of loadOutbox()) {
        if (!joined) return;
        const reply = await request("send", { group: group, body: item.body, client_id: item.client_id });
        if (reply.ok) {
          showMessage(reply.message);
        } else if (reply.error === "timeout" || reply.error === "rate_limited") {
          return; // keep it; the next reconnect or send tries again
        } else {
          setStatus("Not sent: " + (reply.message || reply.error) + " Your text is back in the box.", "error");
          if (!input.value) input.value = item.body;
          document.querySelector('.room-pending[data-client-id="' + item.client_id + '"]')?.remove();
        }
        saveOutbox(loadOutbox().filter((other) => other.client_id !== item.client_id));
      }
    } finally {
      flushing = false;
    }
  }

  socket.on("connect", async () => {
    setStatus("Joining…", "joining");
    const reply = await request("join", { group: group, after: lastId || null });
    if (!reply.ok) {
      setStatus(reply.message || "You can't join this room.", "error");
      return;
    }
    reply.messages.forEach(showMessage);
    showPresence(reply.present || []);
    joined = true;
    if (await catchUp()) setStatus("Connected", "connected");
    flushOutbox();
  });

  socket.on("disconnect", () => {
    joined = false;
    presentList.replaceChildren();
    setStatus("Connection lost. Reconnecting… what you write is kept and sent when we're back.", "offline");
  });

  // The browser knows before the heartbeat does: drop the socket when offline, reconnect when back.
  window.addEventListener("offline", () => socket.disconnect());
  window.addEventListener("online", () => socket.connect());

  socket.on("message", (message) => {
    if (message.group === group) showMessage(message);
  });
  socket.on("message_removed", (event) => document.getElementById("message-" + event.id)?.remove());
  socket.on("presence", (event) => {
    if (event.group === group) showPresence(event.present);
  });

  let typingTimer = null;
  socket.on("typing", (event) => {
    if (event.group !== group) return;
    typingLine.textContent = event.user.display_name + " is typing…";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => (typingLine.textContent = ""), 3000);
  });

  let lastTypingSent = 0;
  input.addEventListener("input", () => {
    if (joined && Date.now() - lastTypingSent > 2000) {
      lastTypingSent = Date.now();
      socket.emit("typing", { group: group });
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) return;
    const item = { client_id: newClientId(), body: body };
    saveOutbox(loadOutbox().concat([item]));
    showPending(item);
    input.value = "";
    flushOutbox();
  });

  loadOutbox().forEach(showPending);
})();
