// Optional: when a page was not told a time zone, carry the browser's along. Every page works without this.
(function () {
  "use strict";
  var body = document.body;
  var shown = body && body.getAttribute("data-tz-auto");
  if (!shown) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  var here = new URL(window.location.href);
  if (!zone || zone === shown || here.searchParams.has("tz")) return;
  if (body.getAttribute("data-tz-reload") === "1") {
    here.searchParams.set("tz", zone);
    window.location.replace(here.toString());
    return;
  }
  document.querySelectorAll("a[data-tz]").forEach(function (a) {
    var link = new URL(a.href);
    link.searchParams.set("tz", zone);
    a.href = link.toString();
  });
})();
