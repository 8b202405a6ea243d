// The preview page's behaviour: scroll to the first page a build changed, reload when a build ends.
// Served as a file of its own so that the page's Content-Security-Policy allows no inline script.
"use strict";
(function () {
  const body = document.body;
  const generation = body.dataset.generation;
  const built = body.dataset.built;
  const changed = body.dataset.changed;
  // this tab's last seen build and scroll position, kept across the reloads below
  history.scrollRestoration = "manual";
  const seenBuilt = sessionStorage.getItem("reportpress-built");
  const target = changed ? document.getElementById("page-" + changed) : null;
  if (target && seenBuilt !== built) {
    target.scrollIntoView({ block: "start" });
    body.dataset.scrolledTo = changed;
  } else {
    const y = Number(sessionStorage.getItem("reportpress-y") || "0");
    window.scrollTo(0, y);
  }
  sessionStorage.setItem("reportpress-built", built);
  window.addEventListener("pagehide", function () {
    sessionStorage.setItem("reportpress-y", String(window.scrollY));
  });

  const status = document.getElementById("status");
  const events = new EventSource("/events");
  events.addEventListener("build", function (event) {
    if (event.data !== generation) {
      location.reload();
    }
  });
  events.addEventListener("status", function (event) {
    body.dataset.status = event.data;
    if (event.data === "building") {
      status.textContent = "building…";
    }
  });
})();
