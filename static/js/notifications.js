// The header's unread count, kept live (docs/PROTOCOL.md: `notification`, `notifications_read`).
//
// Also the page's one Socket.IO connection: `window.forumSocket()` makes it on first use, so the
// room, thread and queue scripts share it instead of opening a second one. Every socket of a
// signed-in member is in their own room, which is where notifications arrive.
(function () {
  "use strict";

  let shared = null;
  window.forumSocket = function () {
    if (!shared) shared = io({ transports: ["websocket", "polling"] });
    return shared;
  };

  function show(badge, unread) {
    badge.querySelector(".count").textContent = String(unread);
    badge.hidden = unread < 1;
    badge.dataset.unread = String(unread);
  }

  // On each connection: what arrived between the page's rendering (or a lost connection) and now.
  async function refresh(badge) {
    try {
      const response = await fetch("/api/v1/notifications", { credentials: "same-origin" });
      if (response.ok) show(badge, (await response.json()).unread);
    } catch (error) {
      // offline: the next connection asks again
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const badge = document.getElementById("notification-count");
    if (!badge || typeof io === "undefined") return;
    const socket = window.forumSocket();
    const connected = () => {
      badge.dataset.live = "yes";
      refresh(badge);
    };
    if (socket.connected) connected();
    socket.on("connect", connected);
    socket.on("disconnect", () => delete badge.dataset.live);
    socket.on("notification", (event) => show(badge, event.unread));
    socket.on("notifications_read", (event) => show(badge, event.unread));
  });
})();
