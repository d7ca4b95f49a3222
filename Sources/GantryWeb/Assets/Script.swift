/// The whole script, hand-written and embedded. Pages work without it; it adds what a server
/// cannot know or push by itself: times in the viewer's time zone, and live updates of regions
/// marked `data-live` (a long-poll on the page's own URL, see `LiveRegion`), kept while the
/// reader is on the page.
enum Script {
    static let text = #"""
"use strict";
(function () {
  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (isNaN(d.getTime())) return;
      t.textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      t.title = d.toISOString();
    });
  }

  // A region with data-live="URL" and data-version="V" asks URL?live=V; the server answers
  // when the region's content differs from version V (or after a while with 204), with the
  // region's new markup and its new version in the X-Live-Version header.
  function follow(region) {
    var failures = 0;
    function next() {
      var url = region.getAttribute("data-live");
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "live=" + encodeURIComponent(region.getAttribute("data-version") || ""),
            { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          failures = 0;
          if (response.status === 200) {
            var version = response.headers.get("X-Live-Version");
            return response.text().then(function (markup) {
              var holder = document.createElement("div");
              holder.innerHTML = markup;
              var fresh = holder.querySelector("[data-live]");
              if (fresh) {
                region.replaceWith(fresh);
                region = fresh;
                localTimes(region);
                drawEdges(region);
              }
              if (version) region.setAttribute("data-version", version);
            });
          }
          if (response.status !== 204) failures++;
        })
        .catch(function () { failures++; })
        .then(function () { setTimeout(next, failures ? Math.min(30000, 1000 * failures * failures) : 50); });
    }
    next();
  }

  // needs: edges of a pipeline graph, drawn between the job boxes once they are laid out.
  function drawEdges(root) {
    root.querySelectorAll(".graph").forEach(function (graph) {
      var svg = graph.querySelector("svg.edges");
      if (!svg) return;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var box = graph.getBoundingClientRect();
      svg.setAttribute("width", graph.scrollWidth);
      svg.setAttribute("height", graph.scrollHeight);
      graph.querySelectorAll(".job[data-needs]").forEach(function (job) {
        job.getAttribute("data-needs").split(" ").forEach(function (id) {
          if (!id) return;
          var from = graph.querySelector('.job[data-job="' + CSS.escape(id) + '"]');
          if (!from) return;
          var a = from.getBoundingClientRect(), b = job.getBoundingClientRect();
          var x1 = a.right - box.left + graph.scrollLeft, y1 = a.top + a.height / 2 - box.top;
          var x2 = b.left - box.left + graph.scrollLeft, y2 = b.top + b.height / 2 - box.top;
          var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
          var mid = (x1 + x2) / 2;
          path.setAttribute("d", "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2);
          svg.appendChild(path);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    drawEdges(document);
    document.querySelectorAll("[data-live]").forEach(follow);
    window.addEventListener("resize", function () { drawEdges(document); });
  });
})();
"""#
}
