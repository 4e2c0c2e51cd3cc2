// heistwatch review keys. The server does the work; this file only maps keys
// to the page's own links and forms, so everything also works without it.
(function () {
  "use strict";
  function typing(el) {
    if (!el) return false;
    var t = el.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || el.isContentEditable;
  }
  function submit(id) {
    var f = document.getElementById(id);
    if (f) { f.requestSubmit ? f.requestSubmit() : f.submit(); }
  }
  function follow(id) {
    var a = document.getElementById(id);
    if (a) window.location.assign(a.href);
  }
  function openPanel(id, focusId) {
    var d = document.getElementById(id);
    if (!d) return;
    d.open = true;
    var f = document.getElementById(focusId) || d.querySelector("input:not([type=hidden])");
    if (f) { f.focus(); if (f.select) f.select(); }
  }
  function toggleHelp(show) {
    var h = document.getElementById("help");
    if (h) h.hidden = show === undefined ? !h.hidden : !show;
  }

  // Queue: j/k move a cursor over the rows, o or Enter opens, x checks.
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr[data-href]"));
  var cur = -1;
  function moveTo(i) {
    if (!rows.length) return;
    if (cur >= 0) rows[cur].classList.remove("cursor");
    cur = Math.max(0, Math.min(rows.length - 1, i));
    rows[cur].classList.add("cursor");
    rows[cur].scrollIntoView({block: "nearest"});
  }

  var incident = document.getElementById("incident");
  var busy = false;
  var pendingPanel = null;
  document.addEventListener("keyup", function () {
    if (pendingPanel) { var p = pendingPanel; pendingPanel = null; openPanel(p[0], p[1]); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") { toggleHelp(false); if (typing(document.activeElement)) document.activeElement.blur(); return; }
    if (typing(document.activeElement) || busy) return;
    var k = e.key;
    if (k === "?") { toggleHelp(); e.preventDefault(); return; }
    if (incident) {
      var act = {a: "f-approve", r: "f-reject", s: "f-skip", u: "f-undo"}[k];
      if (act) { if (document.getElementById(act)) { busy = true; submit(act); } e.preventDefault(); return; }
      // Open the form on keyup, so the key's own character never lands in
      // the field it focuses.
      if (k === "e") { pendingPanel = ["edit", "edit-amount_usd"]; e.preventDefault(); return; }
      if (k === "m") { pendingPanel = ["merge", "merge-other"]; e.preventDefault(); return; }
      if (k === "j") { follow("next"); return; }
      if (k === "k") { follow("prev"); return; }
      if (k === "g") { follow("to-queue"); return; }
      return;
    }
    if (rows.length) {
      if (k === "j") { moveTo(cur + 1); e.preventDefault(); return; }
      if (k === "k") { moveTo(cur - 1); e.preventDefault(); return; }
      if (k === "o" || k === "Enter") { window.location.assign(rows[Math.max(cur, 0)].dataset.href); e.preventDefault(); return; }
      if (k === "x" && cur >= 0) { var c = rows[cur].querySelector("input[type=checkbox]"); if (c) c.checked = !c.checked; return; }
    }
  });

  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-open],[data-key-help]");
    if (!t) return;
    e.preventDefault();
    if (t.hasAttribute("data-key-help")) { toggleHelp(); return; }
    openPanel(t.getAttribute("data-open"));
  });
  var all = document.getElementById("check-all");
  if (all) all.addEventListener("change", function () {
    rows.forEach(function (r) { var c = r.querySelector("input[type=checkbox]"); if (c) c.checked = all.checked; });
  });
  var bulkApprove = document.getElementById("bulk-approve");
  if (bulkApprove) bulkApprove.addEventListener("click", function (e) {
    var n = document.querySelectorAll("#queue tbody input[type=checkbox]:checked").length;
    if (n === 0) { e.preventDefault(); alert("Check the incidents to approve first."); }
  });
  document.body.setAttribute("data-keys", "ready"); // lets tests wait for the key handlers
})();
