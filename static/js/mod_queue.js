// The live moderation queue (docs/PROTOCOL.md, "Moderators"): new reports appear and items another
// moderator resolves leave, without a reload. The page as served is complete without this script.
(function () {
  "use strict";

  const queue = document.getElementById("queue");
  if (!queue || queue.dataset.live !== "on" || typeof io === "undefined") return;
  const onlyGroup = queue.dataset.group;
  const status = document.getElementById("queue-status");
  const empty = document.getElementById("queue-empty");
  const itemUrl = (id) => queue.dataset.itemUrl.replace(/0$/, String(id));

  function label(text) {
    return text.replace(/_/g, " ");
  }

  function fill(element, item) {
    element.id = "item-" + item.id;
    element.dataset.id = item.id;
    element.dataset.group = item.group || "";
    element.classList.toggle("crisis", item.crisis);
    element.querySelector(".crisis-badge").hidden = !item.crisis;
    element.querySelector(".held-badge").hidden = !item.held;
    const link = element.querySelector(".queue-link");
    link.href = itemUrl(item.id);
    const kind = label(item.target_type);
    link.textContent = kind.charAt(0).toUpperCase() + kind.slice(1) + (item.group ? " in " + item.group : "");
    element.querySelector(".report-count").textContent = item.report_count;
    element.querySelector(".report-word").textContent = item.report_count === 1 ? "report" : "reports";
    element.querySelector(".queue-excerpt").textContent = (item.snapshot.title + " " + item.snapshot.body).trim().slice(0, 200);
    element.querySelector(".queue-reasons").textContent = Object.keys(item.reasons).map(label).join(", ");
    showClaim(element, item);
  }

  function showClaim(element, item) {
    const claimed = element.querySelector(".queue-claimed");
    if (claimed) claimed.textContent = item.claimed_by ? "with " + item.claimed_by.display_name : "unclaimed";
  }

  function fresh() {
    return document.getElementById("queue-item-template").content.firstElementChild.cloneNode(true);
  }

  function showEmpty() {
    empty.hidden = queue.children.length > 0;
  }

  function place(item) {
    let element = document.getElementById("item-" + item.id);
    if (element) {
      element.querySelector(".report-count").textContent = item.report_count;
      element.classList.toggle("crisis", item.crisis);
      return;
    }
    element = fresh();
    fill(element, item);
    // Crisis first, then by report count: put it before the first item it outranks.
    const rank = (crisis, count) => (crisis ? 1e9 : 0) + count;
    const mine = rank(item.crisis, item.report_count);
    const after = Array.from(queue.children).find(
      (other) => rank(other.classList.contains("crisis"), Number(other.querySelector(".report-count").textContent)) < mine
    );
    queue.insertBefore(element, after || null);
    status.textContent = "A new report arrived.";
    showEmpty();
  }

  const socket = window.forumSocket ? window.forumSocket() : io({ transports: ["websocket", "polling"] });

  socket.on("connect", async () => {
    const reply = await socket.timeout(10000).emitWithAck("watch_queue", {}).catch(() => null);
    status.textContent = reply && reply.ok ? "Live: new reports appear here." : "Live updates are off; reload to see new reports.";
  });

  socket.on("disconnect", () => {
    status.textContent = "Connection lost; reconnecting…";
  });

  // A site admin made this person a member of the group again: its items leave this page.
  socket.on("moderation_ended", (event) => {
    queue.querySelectorAll('.queue-item[data-group="' + CSS.escape(event.group) + '"]').forEach((element) => element.remove());
    status.textContent = "You no longer moderate " + event.group + ".";
    showEmpty();
  });

  socket.on("report", (item) => {
    if (item.status !== "open" || (onlyGroup && item.group !== onlyGroup)) return;
    place(item);
  });

  socket.on("report_updated", (item) => {
    const element = document.getElementById("item-" + item.id);
    if (!element) return;
    if (item.status === "resolved") {
      element.remove();
      showEmpty();
    } else {
      showClaim(element, item);
    }
  });
})();
