/// The job log's script, appended to the page script: collapsing GitLab's sections, section
/// durations for sections that end in a later piece, the part above the tail on demand, and the
/// lines a running job writes (a long-poll on `/log?after=`, each answer a piece of escaped
/// markup), with auto-scroll that stops while the reader is not at the bottom.
enum JobLogScript {
    static let text = #"""
"use strict";
(function () {
  function names(line) { var s = line.getAttribute("data-s"); return s ? s.split(" ") : []; }

  function refresh(log) {
    var collapsed = {};
    log.querySelectorAll(".section-head.collapsed").forEach(function (h) { collapsed[h.getAttribute("data-section")] = true; });
    log.querySelectorAll(".ll").forEach(function (l) {
      l.hidden = names(l).some(function (n) { return collapsed[n]; });
    });
  }

  function label(head) {
    var button = head.querySelector("button.toggle"), closed = head.classList.contains("collapsed");
    button.setAttribute("aria-expanded", closed ? "false" : "true");
    button.setAttribute("aria-label", closed ? "Expand section" : "Collapse section");
    button.textContent = closed ? "\u25B8" : "\u25BE";
  }

  // New lines: sections marked collapsed=true start closed; durations of sections they end.
  function prepare(log, lines) {
    lines.forEach(function (l) {
      if (l.classList.contains("section-head")) {
        if (l.hasAttribute("data-collapsed")) l.classList.add("collapsed");
        label(l);
      }
      var closes = l.getAttribute("data-closes");
      if (!closes) return;
      var heads = log.querySelectorAll('.section-head[data-section="' + CSS.escape(closes) + '"]');
      var head = heads[heads.length - 1];
      var shown = head && head.querySelector(".section-duration");
      if (shown && !shown.textContent) {
        var s = Math.max(0, parseInt(l.getAttribute("data-ended"), 10) - parseInt(head.getAttribute("data-started"), 10));
        var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
        function two(n) { return (n < 10 ? "0" : "") + n; }
        shown.textContent = (h ? h + ":" + two(m) : two(m)) + ":" + two(r);
      }
    });
    refresh(log);
  }

  function fragment(markup) {
    var holder = document.createElement("div");
    holder.innerHTML = markup;
    return Array.prototype.slice.call(holder.children);
  }

  function atBottom() { return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 48; }

  function setup(log) {
    var state = log.parentNode.querySelector(".log-state");
    var stick = !location.hash;
    prepare(log, Array.prototype.slice.call(log.children));
    if (stick && log.hasAttribute("data-follow")) window.scrollTo(0, document.documentElement.scrollHeight);
    window.addEventListener("scroll", function () { stick = atBottom(); }, { passive: true });

    log.addEventListener("click", function (event) {
      var button = event.target.closest("button.toggle");
      if (!button) return;
      var head = button.closest(".section-head");
      head.classList.toggle("collapsed");
      label(head);
      refresh(log);
    });

    var earlier = log.parentNode.querySelector("button.log-earlier");
    if (earlier) earlier.addEventListener("click", function () {
      earlier.disabled = true;
      fetch(log.getAttribute("data-log") + "?before=" + earlier.getAttribute("data-before"), { credentials: "same-origin" })
        .then(function (response) {
          if (response.status !== 200) throw new Error(response.status);
          var start = response.headers.get("X-Log-Start");
          return response.text().then(function (markup) {
            var height = document.documentElement.scrollHeight, lines = fragment(markup);
            lines.slice().reverse().forEach(function (l) { log.insertBefore(l, log.firstChild); });
            prepare(log, lines);
            window.scrollBy(0, document.documentElement.scrollHeight - height);
            if (start === "0") earlier.parentNode.remove();
            else { earlier.setAttribute("data-before", start); earlier.disabled = false; }
          });
        })
        .catch(function () { earlier.disabled = false; state.textContent = "Could not load the earlier lines."; });
    });

    if (!log.hasAttribute("data-follow")) return;
    var failures = 0;
    state.textContent = "Following the job\u2026";
    function next() {
      var url = log.getAttribute("data-log") + "?after=" + log.getAttribute("data-end") + "&line=" + log.getAttribute("data-line")
        + "&open=" + encodeURIComponent(log.getAttribute("data-open") || "");
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (response.status !== 200) throw new Error(response.status);
          failures = 0;
          log.setAttribute("data-end", response.headers.get("X-Log-End"));
          log.setAttribute("data-line", response.headers.get("X-Log-Line"));
          log.setAttribute("data-open", response.headers.get("X-Log-Open") || "");
          var complete = response.headers.get("X-Log-Complete") === "1";
          return response.text().then(function (markup) {
            var lines = fragment(markup);
            lines.forEach(function (l) { log.appendChild(l); });
            prepare(log, lines);
            if (stick) window.scrollTo(0, document.documentElement.scrollHeight);
            return complete;
          });
        })
        .catch(function () { failures++; return false; })
        .then(function (complete) {
          if (complete) { log.removeAttribute("data-follow"); state.textContent = "The job has finished."; return; }
          setTimeout(next, failures ? Math.min(30000, 1000 * failures * failures) : 0);
        });
    }
    next();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".log[data-log]").forEach(setup);
  });
})();
"""#

    static let style = #"""
.job-header { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 14px; }
dl.details dt { color: var(--muted); } dl.details dd { margin: 0; }
ul.links { list-style: none; display: flex; gap: 16px; padding: 0; margin: 8px 0; }
.log { background: #1f1f1f; color: #e8e8e8; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 13px; line-height: 1.45; padding: 8px 0; border-radius: 4px; overflow-x: auto; }
.log .ll { display: flex; white-space: pre-wrap; word-break: break-all; padding-right: 8px; }
.log .ll[hidden] { display: none; }
.log .ll:target { background: #3a3a1f; }
.log .ln { flex: 0 0 4.5em; text-align: right; padding-right: 12px; color: #8f8f8f; text-decoration: none; user-select: none; }
.log .lt { flex: 1; min-width: 0; }
.log .section-head { font-weight: 600; }
.log .toggle { background: none; border: 0; color: inherit; padding: 0 4px; font-size: 12px; }
.log .section-duration { margin-left: 8px; color: #bdbdbd; font-weight: 400; }
.term-bold { font-weight: 700; } .term-italic { font-style: italic; } .term-underline { text-decoration: underline; }
.term-fg-0 { color: #666; } .term-fg-1 { color: #f3564b; } .term-fg-2 { color: #5fcf65; } .term-fg-3 { color: #e5c244; }
.term-fg-4 { color: #6ea7f0; } .term-fg-5 { color: #d17de8; } .term-fg-6 { color: #4fc9d6; } .term-fg-7 { color: #d9d9d9; }
.term-fg-8 { color: #8f8f8f; } .term-fg-9 { color: #ff7b72; } .term-fg-10 { color: #7ee787; } .term-fg-11 { color: #f2d768; }
.term-fg-12 { color: #8fbcff; } .term-fg-13 { color: #e3a2f2; } .term-fg-14 { color: #7ce0ea; } .term-fg-15 { color: #fff; }
.term-bg-0 { background: #000; } .term-bg-1 { background: #a3261c; } .term-bg-2 { background: #2d7d32; } .term-bg-3 { background: #8a6d00; }
.term-bg-4 { background: #1f5ca8; } .term-bg-5 { background: #7b3394; } .term-bg-6 { background: #1c7a84; } .term-bg-7 { background: #777; }
.term-bg-8 { background: #444; } .term-bg-9 { background: #c53a30; } .term-bg-10 { background: #3c9a42; } .term-bg-11 { background: #a88a10; }
.term-bg-12 { background: #3a78c8; } .term-bg-13 { background: #9b4fb4; } .term-bg-14 { background: #2b98a3; } .term-bg-15 { background: #aaa; }
.log-earlier-bar { margin: 4px 0; }
input.wide { width: 100%; } ul.files { list-style: none; margin: 0; padding: 0; } code.sha { font-size: 11px; color: var(--muted); word-break: break-all; }
form.variable { margin: 4px 0 8px; } form.variable textarea { font: inherit; min-width: 260px; } label.check { display: inline-block; font-weight: 400; margin-right: 12px; }
iframe.report { width: 100%; height: 75vh; border: 1px solid var(--line); }
"""#
}
