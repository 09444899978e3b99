// A thread page stays live without jumping: new replies are counted in a "N new replies" button
// (the reader chooses when to show them); edits, deletions and reaction counts update in place.
(function () {
  "use strict";

  const root = document.getElementById("thread-live");
  if (!root || typeof io === "undefined") return;
  const threadId = Number(root.dataset.thread);
  const button = document.getElementById("thread-new-replies");
  const onPage = new Set(Array.from(document.querySelectorAll("li.post"), (li) => Number(li.id.replace("post-", ""))));
  const arrived = new Set();

  function note(className, text) {
    const element = document.createElement("p");
    element.className = className;
    element.textContent = text;
    return element;
  }

  // A moderator's hide or remove replaces the words with a note; a restore brings them back.
  function showChanged(post) {
    const body = document.querySelector("#post-" + post.id + " .post-body, #post-" + post.id + " .moderated");
    if (!body) return;
    if (post.deleted) {
      body.replaceWith(note("deleted", "deleted by author"));
    } else if (post.moderation && !post.body_html) {
      body.replaceWith(note("deleted moderated", post.moderation + " by a moderator"));
    } else if (body.classList.contains("post-body")) {
      body.innerHTML = post.body_html; // sanitized by the server at write time
    } else {
      const restored = document.createElement("div");
      restored.className = "post-body";
      restored.dir = "auto";
      restored.innerHTML = post.body_html;
      body.replaceWith(restored);
    }
  }

  const socket = window.forumSocket ? window.forumSocket() : io({ transports: ["websocket", "polling"] });
  socket.on("connect", () =>
    socket.emit("watch_thread", { thread: threadId }, (reply) => (root.dataset.watching = reply.ok ? "yes" : "no"))
  );
  socket.on("disconnect", () => delete root.dataset.watching);

  socket.on("thread_post", (post) => {
    if (post.thread_id !== threadId) return;
    if (onPage.has(post.id)) {
      showChanged(post);
      return;
    }
    if (post.deleted) return;
    arrived.add(post.id);
    button.textContent = arrived.size === 1 ? "1 new reply — show it" : arrived.size + " new replies — show them";
    button.hidden = false;
  });

  socket.on("reaction", (event) => {
    if (event.thread_id !== threadId) return;
    document.querySelectorAll("#post-" + event.post_id + " .reaction[data-kind]").forEach((element) => {
      element.querySelector(".count").textContent = event.counts[element.dataset.kind] || 0;
    });
  });

  // The thread's author folded a reply away (or unfolded it): fold it here too, one click to open.
  socket.on("post_collapsed", (event) => {
    if (event.thread_id !== threadId) return;
    const body = document.querySelector("#post-" + event.post_id + " .post-body");
    if (!body) return;
    const folded = body.parentElement.classList.contains("author-collapsed") ? body.parentElement : null;
    if (event.collapsed && !folded) {
      const details = document.createElement("details");
      details.className = "author-collapsed";
      const summary = document.createElement("summary");
      summary.textContent = "Collapsed at the author's request";
      body.replaceWith(details);
      details.append(summary, body);
    } else if (!event.collapsed && folded) {
      folded.replaceWith(body);
    }
  });

  button.addEventListener("click", () => {
    const first = Math.min(...arrived);
    window.location.hash = "post-" + first;
    window.location.reload();
  });
})();
