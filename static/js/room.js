// The live room: a chat that never loses a message (docs/PROTOCOL.md, "Never losing a message").
//
// `syncedTo` is the id up to which the page holds every message. After any disconnection the page
// joins with it, pages `sync` from the last id of each reply until `more` is false, and only then
// lets broadcasts raise it again. Sent messages wait in an outbox (localStorage) until the server
// acknowledges them, and are resent with the same client_id, which the server stores only once.
(function () {
  "use strict";

  const root = document.getElementById("room");
  if (!root || typeof io === "undefined") return;
  const group = root.dataset.group;
  const me = root.dataset.me;
  const byId = (id) => document.getElementById(id);
  const log = byId("room-log");
  const form = byId("room-form");
  const input = byId("room-input");
  const replying = byId("room-replying");
  const themeLabels = JSON.parse(root.dataset.themeLabels || "{}");
  const outboxKey = "forum-room-outbox:" + me + ":" + group;
  const RETRY_MS = 3000;
  const TYPING_EVERY_MS = 3000;
  const TYPING_SHOWN_MS = 5000;
  // Errors worth trying again: a message stays in the outbox, a failed catch-up reconnects.
  const TRANSIENT = new Set(["offline", "timeout", "rate_limited", "server_error"]);
  const SIGNED_OUT = {
    signed_out: "You signed out, so the room closed. Sign in again to come back; nothing you wrote here is lost.",
    password_changed: "Your password was changed, so this session ended. Sign in again to come back.",
    suspended: "Your account is suspended, so the room is closed to you.",
  };

  const shown = new Set(); // message ids on the page
  const blocked = new Set(); // usernames whose messages this member folds away (join ack, blocked_members)
  const foldedThemes = new Set(); // content themes this member folds (join ack `collapsed_themes`)
  let highest = 0; // the highest id on the page
  let syncedTo = null; // every message up to this id is on the page; null before the first join
  let caughtUp = false; // joined and synced on the current connection: broadcasts may raise syncedTo
  let connection = 0; // changes on every connect and disconnect, so a stale catch-up stops
  let reconnecting = false;
  let flushing = false;
  let replyTo = null;

  function setStatus(text, state) {
    byId("room-status").textContent = text;
    root.dataset.state = state;
  }

  function nameOf(user) {
    return user ? user.display_name : "a former member";
  }

  function fromTemplate(id) {
    return byId(id).content.firstElementChild.cloneNode(true);
  }

  // Messages, in id order, each once.

  function showCounts(item, counts) {
    item.querySelectorAll(".reaction").forEach((button) => {
      button.querySelector(".count").textContent = counts[button.dataset.kind] || "";
    });
  }

  function themeNames(keys) {
    return keys.map((key) => themeLabels[key] || key).join(", ");
  }

  // A blocked member's message, or one about a theme this member folds, goes into a <details> the
  // member can still open (one click), its summary saying why.
  function fold(item) {
    const hidden = blocked.has(item.dataset.author);
    const themes = item.dataset.themes ? item.dataset.themes.split(",").filter((key) => foldedThemes.has(key)) : [];
    const details = item.querySelector(".blocked-post");
    const themeFold = item.querySelector(".theme-fold");
    const content = item.querySelector(".room-content");
    details.hidden = !hidden;
    details.open = false;
    themeFold.hidden = hidden || !themes.length;
    themeFold.open = false;
    if (hidden) details.append(content);
    else if (themes.length) {
      themeFold.querySelector("summary").textContent = "Themes: " + themeNames(themes) + " (you chose to fold these)";
      themeFold.append(content);
    } else item.append(content);
  }

  function setBlocked(usernames) {
    blocked.clear();
    usernames.forEach((username) => blocked.add(username));
    log.querySelectorAll(".room-message").forEach(fold);
  }

  function messageElement(message) {
    const item = fromTemplate("room-message-template");
    item.id = "message-" + message.id;
    item.dataset.id = message.id;
    item.dataset.author = message.author ? message.author.username : "";
    item.dataset.themes = (message.themes || []).join(",");
    if (message.themes && message.themes.length) {
      const tags = item.querySelector(".room-themes");
      tags.textContent = "Themes: " + themeNames(message.themes);
      tags.hidden = false;
    }
    item.classList.toggle("mine", Boolean(message.author && message.author.username === me));
    item.querySelector(".author").textContent = nameOf(message.author);
    const time = item.querySelector("time");
    time.dateTime = message.created_at;
    time.textContent = new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (message.reply_to) {
      const quote = item.querySelector(".room-quote");
      const quoted = message.reply_to;
      quote.textContent = quoted.removed ? "Replying to a removed message" : nameOf(quoted.author) + ": " + quoted.excerpt;
      quote.hidden = false;
    }
    const body = item.querySelector(".room-body");
    if (message.removed) body.textContent = "This message was removed.";
    else body.innerHTML = message.body_html; // sanitized by the server when it was stored
    item.querySelector(".room-actions").hidden = message.removed;
    const report = item.querySelector(".room-report");
    if (message.author && message.author.username !== me) {
      report.href = root.dataset.reportUrl + "?target_type=room_message&target_id=" + message.id;
    } else {
      report.remove();
    }
    if (message.hidden) item.classList.add("hidden-by-moderator");
    item.querySelector(".room-held-note").hidden = !message.held;
    if (message.held) item.querySelector(".room-actions").hidden = true;
    if (message.technique) {
      const card = item.querySelector(".technique-card");
      const link = card.querySelector("a");
      link.href = "/techniques/" + message.technique.id;
      link.textContent = message.technique.title;
      card.hidden = false;
    }
    showCounts(item, message.reactions);
    const mine = new Set(message.my_reactions || []);
    item.querySelectorAll(".reaction").forEach((button) => button.setAttribute("aria-pressed", String(mine.has(button.dataset.kind))));
    fold(item);
    return item;
  }

  const scroller = log.parentElement;

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  // Place a message after the last one with a smaller id (pending ones stay at the end);
  // follow the conversation only if the member was not scrolled up reading.
  function place(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    highest = Math.max(highest, message.id);
    log.querySelector('.room-pending[data-client-id="' + message.client_id + '"]')?.remove();
    const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    let earlier = log.lastElementChild;
    while (earlier && !(earlier.classList.contains("room-message") && Number(earlier.dataset.id) < message.id)) {
      earlier = earlier.previousElementSibling;
    }
    if (earlier) earlier.after(messageElement(message));
    else log.prepend(messageElement(message));
    if (atEnd) scrollToEnd();
  }

  function showPending(item) {
    const element = fromTemplate("room-pending-template");
    element.dataset.clientId = item.client_id;
    element.querySelector(".room-body").textContent = item.body;
    log.append(element);
    scrollToEnd();
  }

  // Who is here, by username: the join answer gives everyone, `presence` events the changes.
  const present = new Map();

  function showPresence() {
    const people = Array.from(present.values()).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    byId("room-present").replaceChildren(
      ...people.map((person) => {
        const li = document.createElement("li");
        li.dir = "auto";
        li.textContent = nameOf(person) + (person.username === me ? " (you)" : "");
        return li;
      })
    );
  }

  // Talking to the server: every event is answered through its acknowledgement.

  const socket = window.forumSocket ? window.forumSocket() : io({ transports: ["websocket", "polling"] });

  async function request(event, payload) {
    if (!socket.connected) {
      return { ok: false, error: "offline", message: "You're offline. Try again when the connection is back." };
    }
    try {
      return await socket.timeout(10000).emitWithAck(event, { group: group, ...payload });
    } catch (error) {
      return { ok: false, error: "timeout", message: "The server did not answer in time." };
    }
  }

  function refused(reply) {
    if (reply.error === "offline") return; // the next connection starts over
    if (TRANSIENT.has(reply.error)) {
      socket.disconnect();
      setTimeout(() => socket.connect(), RETRY_MS);
    } else {
      setStatus(reply.message, "closed");
    }
  }

  socket.on("connect", async () => {
    const current = ++connection;
    setStatus(reconnecting ? "Reconnected. Catching up…" : "Joining the room…", "joining");
    let page = await request("join", { after: syncedTo });
    if (current !== connection) return;
    if (!page.ok) return refused(page);
    present.clear();
    page.present.forEach((person) => present.set(person.username, person));
    showPresence();
    showCelebrations(page.milestones || []);
    foldedThemes.clear();
    (page.collapsed_themes || []).forEach((key) => foldedThemes.add(key));
    setBlocked(page.blocked);
    let last = syncedTo;
    for (;;) {
      page.messages.forEach(place);
      if (page.messages.length) last = page.messages[page.messages.length - 1].id;
      if (!page.more) break;
      page = await request("sync", { after: last });
      if (current !== connection) return;
      if (!page.ok) return refused(page);
    }
    syncedTo = highest; // no more pages: everything held is contiguous
    caughtUp = true;
    setStatus(reconnecting ? "The connection is back. You're up to date." : "Connected.", "connected");
    reconnecting = false;
    flushOutbox();
  });

  let endedBecause = null; // why the server is about to close this socket, from `sessions_ended`

  socket.on("sessions_ended", (event) => (endedBecause = event.reason));

  socket.on("disconnect", (reason) => {
    connection++;
    caughtUp = false;
    if (reason === "io server disconnect") {
      // The server closed the socket on purpose: the session ended. It will not reconnect by itself.
      setStatus(SIGNED_OUT[endedBecause] || SIGNED_OUT.signed_out, "closed");
      return;
    }
    reconnecting = true;
    setStatus("Connection lost. Reconnecting… Anything you send waits here and goes out when it's back.", "offline");
  });

  socket.on("connect_error", () => {
    if (!socket.active) setStatus("The room refused the connection. Sign in again, then reload this page.", "closed");
  });

  // The browser knows before the heartbeat does: drop the socket when offline, reconnect when back.
  window.addEventListener("offline", () => socket.disconnect());
  window.addEventListener("online", () => socket.connect());

  socket.on("message", (message) => {
    if (message.group !== group) return;
    place(message);
    if (caughtUp) syncedTo = Math.max(syncedTo, message.id);
    if (message.author) stopTyping(message.author.username);
  });

  socket.on("message_reaction", (event) => {
    const item = byId("message-" + event.message_id);
    if (event.group === group && item) showCounts(item, event.counts);
  });

  socket.on("blocked_members", (event) => setBlocked(event.blocked));

  // A moderator took a message away: it leaves every page at once (and the history no longer has it).
  socket.on("message_removed", (event) => {
    if (event.group === group) byId("message-" + event.message_id)?.remove();
  });

  socket.on("presence", (event) => {
    if (event.group !== group) return;
    if (event.joined) present.set(event.joined.username, event.joined);
    if (event.left) present.delete(event.left);
    showPresence();
  });

  socket.on("membership_ended", (event) => {
    if (event.group !== group) return;
    socket.disconnect();
    setStatus("You are no longer a member of this group, so its room is closed to you.", "closed");
  });

  // The outbox: sent messages stay here until the server has them.

  function loadOutbox() {
    try {
      return JSON.parse(localStorage.getItem(outboxKey)) || [];
    } catch (error) {
      return [];
    }
  }

  function saveOutbox(items) {
    localStorage.setItem(outboxKey, JSON.stringify(items));
  }

  function giveBack(item, reason) {
    log.querySelector('.room-pending[data-client-id="' + item.client_id + '"]')?.remove();
    input.value = input.value ? item.body + "\n\n" + input.value : item.body;
    setStatus("Not sent: " + reason + " Your words are back in the message box.", "connected");
  }

  async function flushOutbox() {
    if (flushing) return;
    flushing = true;
    let item;
    while (caughtUp && (item = loadOutbox()[0])) {
      const reply = await request("send", {
        body: item.body, client_id: item.client_id, reply_to: item.reply_to, themes: item.themes || [],
      });
      if (!reply.ok && TRANSIENT.has(reply.error)) {
        if (reply.error !== "offline") setTimeout(flushOutbox, RETRY_MS);
        break;
      }
      saveOutbox(loadOutbox().filter((other) => other.client_id !== item.client_id));
      if (reply.ok) {
        place(reply.message);
        if (reply.help) showHelp(reply.help);
      } else giveBack(item, reply.message);
    }
    flushing = false;
  }

  function newClientId() {
    if (crypto.randomUUID) return crypto.randomUUID(); // only on https and localhost
    const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0"));
    return hex.join("").replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) return;
    const boxes = Array.from(form.querySelectorAll('input[name="themes"]'));
    const themes = boxes.filter((box) => box.checked).map((box) => box.value);
    const item = { client_id: newClientId(), body: body, reply_to: replyTo, themes: themes };
    saveOutbox(loadOutbox().concat([item]));
    showPending(item);
    input.value = "";
    boxes.forEach((box) => (box.checked = false));
    endReply();
    flushOutbox();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // The help panel: the message went through, and its words matched a crisis rule.

  const helpPanel = byId("room-help");

  function showHelp(panel) {
    byId("room-help-heading").textContent = panel.title;
    byId("room-help-message").textContent = panel.message;
    byId("room-help-resources").replaceChildren(
      ...panel.resources.map((resource) => {
        const item = fromTemplate("room-help-resource-template");
        const [link, plain] = item.querySelectorAll(".help-name");
        const safeUrl = /^https?:\/\//.test(resource.url || "");
        (safeUrl ? link : plain).textContent = resource.name;
        if (safeUrl) link.href = resource.url;
        (safeUrl ? plain : link).remove();
        item.querySelector(".help-description").textContent = resource.description || "";
        const call = item.querySelector(".help-call");
        const text = item.querySelector(".help-text");
        if (resource.phone) {
          call.href = "tel:" + resource.phone.replace(/\s/g, "");
          call.textContent = "Call " + resource.phone;
        } else call.remove();
        if (resource.text) {
          text.href = "sms:" + resource.text.replace(/\s/g, "");
          text.textContent = "Text " + resource.text;
        } else text.remove();
        return item;
      })
    );
    helpPanel.hidden = false;
    helpPanel.focus();
  }

  byId("room-help-close").addEventListener("click", () => {
    helpPanel.hidden = true;
    input.focus();
  });

  // Replies and reactions.

  function startReply(item) {
    replyTo = Number(item.dataset.id);
    const excerpt = item.querySelector(".room-body").textContent.trim().slice(0, 140);
    byId("room-replying-text").textContent = "Replying to " + item.querySelector(".author").textContent + ": " + excerpt;
    replying.hidden = false;
    input.focus();
  }

  function endReply() {
    replyTo = null;
    replying.hidden = true;
  }

  byId("room-reply-cancel").addEventListener("click", endReply);

  log.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    const item = button && button.closest(".room-message");
    if (!item) return;
    if (button.classList.contains("room-reply")) return startReply(item);
    const on = button.getAttribute("aria-pressed") !== "true";
    const reply = await request("react", { message_id: Number(item.dataset.id), kind: button.dataset.kind, on: on });
    if (!reply.ok) return setStatus(reply.message, root.dataset.state);
    button.setAttribute("aria-pressed", String(on));
    showCounts(item, reply.reactions);
  });

  // Who is typing.

  const typists = new Map(); // username → {name, timer}

  function showTypists() {
    const names = Array.from(typists.values(), (typist) => typist.name);
    byId("room-typing").textContent = names.length ? names.join(", ") + (names.length > 1 ? " are typing…" : " is typing…") : "";
  }

  function stopTyping(username) {
    clearTimeout(typists.get(username)?.timer);
    typists.delete(username);
    showTypists();
  }

  socket.on("typing", (event) => {
    if (event.group !== group) return;
    const username = event.user.username;
    clearTimeout(typists.get(username)?.timer);
    typists.set(username, { name: nameOf(event.user), timer: setTimeout(() => stopTyping(username), TYPING_SHOWN_MS) });
    showTypists();
  });

  let typingSentAt = 0;
  input.addEventListener("input", () => {
    if (caughtUp && Date.now() - typingSentAt > TYPING_EVERY_MS) {
      typingSentAt = Date.now();
      socket.emit("typing", { group: group });
    }
  });

  // Celebrations: milestones members chose to share with the group. Each join brings the current
  // list (so one unshared while this page was offline goes); events keep it up to date meanwhile.

  const celebrations = byId("room-celebrations");

  function congratulationElement(note) {
    const li = document.createElement("li");
    li.dataset.id = note.id;
    li.dir = "auto";
    const fromBlocked = Boolean(note.author && blocked.has(note.author.username));
    li.textContent = fromBlocked ? "Hidden: you blocked this member" : nameOf(note.author) + ": " + note.body;
    return li;
  }

  function addCongratulation(item, note) {
    const list = item.querySelector(".congratulations");
    if (!list.querySelector('[data-id="' + note.id + '"]')) list.append(congratulationElement(note));
  }

  function celebrationElement(milestone) {
    const item = fromTemplate("room-celebration-template");
    item.id = "celebration-" + milestone.id;
    item.dataset.id = milestone.id;
    item.querySelector(".celebration-member").textContent = nameOf(milestone.member);
    item.querySelector(".celebration-name").textContent = milestone.title;
    const field = item.querySelector("input");
    field.id = "congratulate-" + milestone.id;
    item.querySelector("label").htmlFor = field.id;
    showCounts(item, milestone.reactions);
    milestone.congratulations.forEach((note) => addCongratulation(item, note));
    return item;
  }

  function showCelebrations(items) {
    celebrations.replaceChildren(...items.map(celebrationElement));
  }

  socket.on("milestone", (milestone) => {
    if (milestone.group !== group) return;
    const item = celebrationElement(milestone);
    const shown = byId(item.id);
    if (shown) shown.replaceWith(item);
    else celebrations.prepend(item);
    byId("room-celebration-news").textContent = nameOf(milestone.member) + " celebrates " + milestone.title;
  });

  socket.on("milestone_removed", (event) => {
    if (event.group === group) byId("celebration-" + event.id)?.remove();
  });

  socket.on("milestone_reaction", (event) => {
    const item = byId("celebration-" + event.milestone_id);
    if (event.group === group && item) showCounts(item, event.counts);
  });

  socket.on("milestone_congratulation", (event) => {
    const item = byId("celebration-" + event.milestone_id);
    if (event.group === group && item) addCongratulation(item, event.congratulation);
  });

  celebrations.addEventListener("click", async (event) => {
    const button = event.target.closest("button.reaction");
    const item = button && button.closest(".room-celebration");
    if (!item) return;
    const on = button.getAttribute("aria-pressed") !== "true";
    const reply = await request("milestone_react", { milestone_id: Number(item.dataset.id), kind: button.dataset.kind, on: on });
    if (!reply.ok) return setStatus(reply.message, root.dataset.state);
    button.setAttribute("aria-pressed", String(on));
    showCounts(item, reply.reactions);
  });

  celebrations.addEventListener("submit", async (event) => {
    event.preventDefault();
    const item = event.target.closest(".room-celebration");
    const field = item.querySelector("input");
    const problem = item.querySelector(".congratulate-form .error");
    const body = field.value.trim();
    if (!body) return;
    const reply = await request("congratulate", { milestone_id: Number(item.dataset.id), body: body });
    problem.hidden = reply.ok;
    if (!reply.ok) {
      problem.textContent = reply.message; // the words stay in the field
      return;
    }
    field.value = "";
    addCongratulation(item, reply.congratulation);
  });

  loadOutbox().forEach(showPending);
})();
