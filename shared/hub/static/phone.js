// The phone pages' outbox and live figures. Plain script, served by the hub itself.
//
// Every action (a quiz answer, a top or tip, its feedback credit, an answer to a
// question of opinion, a ballot of dots) gets a random version 4 UUID here and
// waits in localStorage until the hub has answered for it: applied, duplicate
// (already applied) or rejected. Without a connection it stays, the page says
// "wordt verstuurd…", and it is sent again; a reload or a second tab sends the
// same ids again, and the hub's ledger applies each id once. What the hub
// acknowledged is kept 15 minutes more: a standby hub that took over may have missed
// the last seconds of the one before, so a phone that meets a new hub (every answer
// names its hub) sends the kept ones again, and that hub applies each id once too.
(function () {
  "use strict";
  var KEY = "zuil-phone-outbox";
  var KEPT = "zuil-phone-kept";
  var HUB = "zuil-phone-hub";
  var KEEP_MS = 15 * 60 * 1000;
  var SKIPPED = "zuil-phone-skipped";
  var BATCH = 50;
  var body = document.body;
  var texts = body.dataset;
  var meta = document.querySelector('meta[name="zuil-csrf"]');
  var csrf = meta ? meta.content : null;
  var status = document.getElementById("outbox-status");
  var stopped = false;
  var retryMs = 2000;

  function load() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    localStorage.setItem(KEY, JSON.stringify(list));
  }

  function remove(ids) {
    save(load().filter(function (a) { return ids.indexOf(a.id) < 0; }));
  }

  // -- what the hub acknowledged, kept for a hub that takes over ----------

  function loadKept() {
    try {
      var list = JSON.parse(localStorage.getItem(KEPT) || "[]");
      var now = Date.now();
      return Array.isArray(list) ? list.filter(function (a) { return a.until > now; }) : [];
    } catch (e) {
      return [];
    }
  }

  function keep(actions) {
    var until = Date.now() + KEEP_MS;
    var ids = actions.map(function (a) { return a.id; });
    var kept = loadKept().filter(function (a) { return ids.indexOf(a.id) < 0; });
    actions.forEach(function (a) {
      var copy = {};
      Object.keys(a).forEach(function (k) { if (k !== "form") copy[k] = a[k]; });
      copy.until = until;
      kept.push(copy);
    });
    localStorage.setItem(KEPT, JSON.stringify(kept));
  }

  // the hub that answered: a new one gets what the last one acknowledged, again
  function met(hubId) {
    if (!hubId) return;
    var last = localStorage.getItem(HUB);
    localStorage.setItem(HUB, hubId);
    if (!last || last === hubId) return;
    var queued = load();
    var ids = queued.map(function (a) { return a.id; });
    var now = Date.now();
    loadKept().forEach(function (a) {
      if (ids.indexOf(a.id) >= 0) return;
      delete a.until;
      a.due = now;
      queued.push(a);
    });
    save(queued);
    localStorage.removeItem(KEPT);
    setTimeout(flush, 0);
  }

  // with kept actions, ask which hub answers now (the page's own load does not say)
  function checkHub() {
    if (!loadKept().length) return;
    fetch("/health", { credentials: "same-origin" }).then(function (response) {
      met(response.headers.get("X-Zuil-Hub"));
    }).catch(function () { /* out of reach: the next try asks again */ });
  }

  function uuid4() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  // -- what the page shows of the outbox ----------

  function questionForm(questionId) {
    return document.getElementById("q" + questionId);
  }

  // the form an answer to a question of opinion or a ballot was given in
  function askForm(action) {
    var id = action.kind === "response" ? "poll-" + action.poll_id : "dots-" + action.question_id;
    var form = document.getElementById(id);
    return form && form.tagName === "FORM" ? form : null;
  }

  function setDisabled(form, disabled) {
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, button"), function (el) {
      if (el.type !== "hidden") el.disabled = disabled;
    });
    if (!disabled) limitChoices(form);
  }

  function markPending() {
    load().forEach(function (a) {
      if (a.kind === "response" || a.kind === "dots") {
        var asked = askForm(a);
        if (!asked || asked.dataset.pending) return;
        asked.dataset.pending = a.id;
        unskip(asked);
        setDisabled(asked, true);
        // held at the hub to the minute, with every phone's answers of that minute
        asked.querySelector(".outcome").textContent = navigator.onLine === false
          ? texts.sendingShort : texts.held;
        return;
      }
      if (a.kind !== "answer") return;
      var form = questionForm(a.question_id);
      if (!form || form.tagName !== "FORM" || form.dataset.pending) return;
      form.dataset.pending = a.id;
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
        b.disabled = true;
        if (Number(b.value) === a.choice) b.setAttribute("aria-pressed", "true");
      });
      form.querySelector(".outcome").textContent = texts.sendingShort;
    });
  }

  function sayIn(form, text, kind) {
    var box = form.querySelector(".outcome");
    box.textContent = "";
    var line = document.createElement("p");
    line.className = kind;
    line.textContent = text;
    box.appendChild(line);
  }

  // a question the hub has settled: its title and what became of it, the inputs gone
  function settle(form, text, kind) {
    unskip(form);
    Array.prototype.forEach.call(form.children, function (el) {
      if (!el.classList.contains("outcome")) el.hidden = true;
    });
    if (form.dataset.title && !form.querySelector(".asked")) {
      var title = document.createElement("p");
      title.className = "asked";
      title.textContent = form.dataset.title;
      form.insertBefore(title, form.querySelector(".outcome"));
    }
    sayIn(form, text, kind);
  }

  // what the hub said of an answer to a question of opinion or a ballot
  function showAsked(form, result) {
    delete form.dataset.pending;
    if (result.fate !== "rejected") {
      settle(form, form.dataset.thanks, "thanks");
      return;
    }
    var why = result.refusal || "invalid";
    var key = "refused" + why.split("_").map(function (w) {
      return w.charAt(0).toUpperCase() + w.slice(1);
    }).join("");
    var text = form.dataset[key] || texts[key] || texts.rejected;
    if (why === "answered" || why === "closed") {
      settle(form, text, "refused");
      return;
    }
    // what may go right another time (a scan first, a mistake mended) can be sent again
    sayIn(form, text, "refused");
    setDisabled(form, false);
    form.elements.id.value = uuid4();
  }

  function showAnswer(form, outcome) {
    var buttons = form.querySelectorAll("button.option");
    var box = form.querySelector(".outcome");
    var parts = [outcome.correct ? texts.right : texts.wrong];
    if (!outcome.correct && buttons[outcome.right_choice]) {
      parts.push(fmt(texts.rightAnswer, { answer: buttons[outcome.right_choice].textContent.trim() }));
    }
    if (!outcome.counted) parts.push(texts.notCounted);
    else if (outcome.points) parts.push(fmt(texts.plusPoints, { points: outcome.points }));
    box.textContent = "";
    var line = document.createElement("p");
    line.className = outcome.correct ? "right" : "wrong";
    line.textContent = parts.join(" ");
    box.appendChild(line);
    if (box.dataset.explanation) {
      var more = document.createElement("p");
      more.className = "explanation";
      more.textContent = box.dataset.explanation;
      box.appendChild(more);
    }
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
      if (Number(b.value) === outcome.choice) b.setAttribute("aria-pressed", "true");
    });
  }

  function showFigures(figures) {
    var points = document.getElementById("points");
    if (!points || !figures) return;
    points.textContent = figures.points;
    document.getElementById("rank").textContent = figures.rank ? figures.rank : texts.noRank;
    var list = document.getElementById("top");
    list.textContent = "";
    figures.top.forEach(function (line) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = line.name || texts.anonymous;
      var pts = document.createElement("span");
      pts.className = "pts";
      pts.textContent = line.points;
      item.appendChild(name);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(pts);
      list.appendChild(item);
    });
  }

  function delivered(sent, reply) {
    var byId = {};
    sent.forEach(function (a) { byId[a.id] = a; });
    var done = [];
    var acknowledged = [];
    reply.results.forEach(function (result) {
      var action = byId[result.id];
      if (!action) return;
      done.push(action.id);
      if (result.fate !== "rejected") acknowledged.push(action);
      if (action.kind === "answer") {
        var form = questionForm(action.question_id);
        if (form && form.tagName === "FORM") {
          if (result.outcome) showAnswer(form, result.outcome);
          else form.querySelector(".outcome").textContent = texts.rejected;
        }
      } else if (action.kind === "response" || action.kind === "dots") {
        var asked = askForm(action);
        if (asked) showAsked(asked, result);
      } else if (action.kind === "note" && action.form) {
        var note = document.getElementById(action.form);
        if (note) {
          note.querySelector(".outcome").textContent =
            result.fate === "rejected" ? texts.rejected : texts.posted;
        }
      }
    });
    keep(acknowledged);
    remove(done);
    showFigures(reply.figures);
  }

  // -- sending ----------
  //
  // Two lanes: answers to questions of opinion and ballots wait at the hub for the
  // next minute (it applies every phone's answers of that minute together), so they
  // go in requests of their own; a quiz answer or a tip never waits behind them.

  var HELD = { response: true, dots: true };
  var lanes = [
    { held: false, sending: false, inFlight: [], timer: null },
    { held: true, sending: false, inFlight: [], timer: null }
  ];

  function inFlight() {
    return lanes[0].inFlight.concat(lanes[1].inFlight);
  }

  function schedule(lane, ms) {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = setTimeout(function () { flushLane(lane); }, ms);
  }

  function flush() {
    lanes.forEach(flushLane);
  }

  function flushLane(lane) {
    if (lane.sending || stopped || !csrf) return;
    var now = Date.now();
    var all = load().filter(function (a) { return !HELD[a.kind] === !lane.held; });
    var due = all.filter(function (a) { return a.due <= now; }).slice(0, BATCH);
    if (!due.length) {
      if (status.textContent === texts.sending && !load().length) say(texts.sent);
      var later = all.map(function (a) { return a.due; });
      if (later.length) schedule(lane, Math.max(500, Math.min.apply(null, later) - now));
      return;
    }
    lane.sending = true;
    lane.inFlight = due.map(function (a) { return a.id; });
    var actions = due.map(function (a) {
      var copy = {};
      Object.keys(a).forEach(function (k) { if (k !== "due" && k !== "form") copy[k] = a[k]; });
      return copy;
    });
    fetch("/p/actions", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ clock: new Date().toISOString(), actions: actions })
    }).then(function (response) {
      met(response.headers.get("X-Zuil-Hub"));
      if (response.ok) return response.json();
      if (response.status === 422) {  // never valid: dropped, so it cannot block the rest
        remove(due.map(function (a) { return a.id; }));
        return null;
      }
      if (response.status === 401 || response.status === 403) {
        stopped = true;  // kept: a reload (or the link, opened again) sends them
        say(texts.expired);
      }
      throw new Error("status " + response.status);
    }).then(function (reply) {
      lane.sending = false;
      lane.inFlight = [];
      retryMs = 2000;
      if (reply) delivered(due, reply);
      // connected again: what is still on its way (an answer held for the minute) says
      // so on its own form
      if (status.textContent === texts.sending) say(load().length ? "" : texts.sent);
      flushLane(lane);
    }).catch(function () {
      lane.sending = false;
      lane.inFlight = [];
      if (stopped) return;
      say(texts.sending);
      schedule(lane, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  function queue(actions) {
    save(load().concat(actions));
    markPending();
    flush();
  }

  // -- the forms ----------

  function onAnswer(form, event) {
    event.preventDefault();
    var button = event.submitter;
    if (!button || form.dataset.pending) return;
    var now = new Date();
    var action = {
      id: uuid4(), at: now.toISOString(), kind: "answer", due: now.getTime(),
      workshop: form.elements.workshop.value,
      question_id: Number(form.elements.question_id.value),
      choice: Number(button.value)
    };
    queue([action]);
  }

  function onNote(form, event) {
    event.preventDefault();
    var text = form.elements.text.value.trim();
    if (!text) return;
    var wall = form.querySelector('input[name="wall"]:checked');
    var now = new Date();
    var low = Number(texts.creditMin) * 1000;
    var high = Number(texts.creditMax) * 1000;
    var workshop = form.elements.workshop.value;
    // (form.id would be its input named "id": the attribute is asked for by name)
    if (!form.getAttribute("id")) form.setAttribute("id", "note-form");
    queue([
      { id: uuid4(), at: now.toISOString(), kind: "note", due: now.getTime(), form: form.getAttribute("id"),
        workshop: workshop, wall: wall ? wall.value : "top", text: text },
      // the feedback bonus leaves later, apart from the note, as a pillar's does
      { id: uuid4(), at: now.toISOString(), kind: "credit", workshop: workshop,
        due: now.getTime() + low + Math.random() * (high - low) }
    ]);
    form.elements.text.value = "";
    form.querySelector(".outcome").textContent = texts.sendingShort;
  }

  function chosen(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (el) {
      return el.checked;
    });
  }

  // a poll taking up to N choices: the rest wait while N are chosen
  function limitChoices(form) {
    if (form.dataset.outbox !== "response" || form.dataset.pending) return;
    var max = Number(form.dataset.max || 1);
    var boxes = form.querySelectorAll('input[type="checkbox"][name="choices"]');
    if (!boxes.length) return;
    var full = chosen(form, "choices").length >= max;
    Array.prototype.forEach.call(boxes, function (box) { box.disabled = full && !box.checked; });
  }

  function usedDots(form) {
    var used = chosen(form, "ideas").length;
    Array.prototype.forEach.call(form.querySelectorAll('input[type="number"]'), function (input) {
      var n = parseInt(input.value, 10);
      if (n > 0) used += n;
    });
    return used;
  }

  function countDots(form) {
    var dots = Number(form.dataset.dots);
    var used = usedDots(form);
    var line = form.querySelector(".dots-count");
    var over = used > dots;
    line.textContent = over ? form.dataset.tooMany : fmt(form.dataset.used, { used: used, dots: dots });
    line.classList.toggle("over", over);
    var full = used >= dots;
    Array.prototype.forEach.call(form.querySelectorAll('input[name="ideas"]'), function (box) {
      box.disabled = full && !box.checked;
    });
  }

  function onResponse(form, event) {
    event.preventDefault();
    if (form.dataset.pending) return;
    var choices = chosen(form, "choices").map(function (el) { return Number(el.value); });
    var field = form.elements.text;
    var text = field ? field.value.trim() : "";
    if (!choices.length && !text) {
      sayIn(form, texts.pickFirst, "refused");
      return;
    }
    var now = new Date();
    var action = {
      id: form.elements.id.value, at: now.toISOString(), kind: "response", due: now.getTime(),
      poll_id: Number(form.dataset.poll), choices: choices, text: text
    };
    if (form.elements.workshop) action.workshop = form.elements.workshop.value;
    queue([action]);
  }

  function onDots(form, event) {
    event.preventDefault();
    if (form.dataset.pending) return;
    var ideas = chosen(form, "ideas").map(function (el) { return Number(el.value); });
    Array.prototype.forEach.call(form.querySelectorAll('input[type="number"]'), function (input) {
      var n = Math.min(parseInt(input.value, 10) || 0, Number(form.dataset.per));
      for (var i = 0; i < n; i++) ideas.push(Number(input.name.slice(5)));
    });
    if (!ideas.length) {
      sayIn(form, texts.pickFirst, "refused");
      return;
    }
    if (ideas.length > Number(form.dataset.dots)) {
      sayIn(form, form.dataset.tooMany, "refused");
      return;
    }
    var now = new Date();
    queue([{
      id: form.elements.id.value, at: now.toISOString(), kind: "dots", due: now.getTime(),
      question_id: Number(form.dataset.question), ideas: ideas
    }]);
  }

  // -- skipping: always possible, remembered in this browser ----------

  function skippedIds() {
    try {
      var list = JSON.parse(localStorage.getItem(SKIPPED) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function remember(id, skipped) {
    var list = skippedIds().filter(function (x) { return x !== id; });
    if (skipped) list.push(id);
    localStorage.setItem(SKIPPED, JSON.stringify(list.slice(-200)));
  }

  function skip(form, focus) {
    if (form.classList.contains("skipped")) return;
    form.classList.add("skipped");
    var line = document.createElement("p");
    line.className = "skipped-line";
    var said = document.createElement("span");
    var word = document.createElement("strong");
    word.textContent = texts.skipped;
    said.appendChild(word);
    said.appendChild(document.createTextNode(" " + (form.dataset.title || "")));
    var again = document.createElement("button");
    again.type = "button";
    again.className = "secondary";
    again.textContent = texts.unskip;
    again.addEventListener("click", function () {
      unskip(form);
      remember(form.getAttribute("id"), false);
      var first = form.querySelector("input:not([type=hidden]), textarea");
      if (first) first.focus();
    });
    line.appendChild(said);
    line.appendChild(again);
    form.appendChild(line);
    if (focus) again.focus();
  }

  function unskip(form) {
    form.classList.remove("skipped");
    var line = form.querySelector(".skipped-line");
    if (line) line.remove();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-outbox]"), function (form) {
    var kind = form.dataset.outbox;
    form.addEventListener("submit", function (event) {
      if (kind === "answer") onAnswer(form, event);
      else if (kind === "response") onResponse(form, event);
      else if (kind === "dots") onDots(form, event);
      else onNote(form, event);
    });
    if (kind !== "response" && kind !== "dots") return;
    // a ballot's question stays in sight above its form; a poll's title is its own
    var title = kind === "response" ? form.querySelector("legend, h3") : null;
    if (title) form.dataset.title = title.textContent.trim();
    var skipButton = form.querySelector(".skip-poll");
    skipButton.hidden = false;
    skipButton.addEventListener("click", function () {
      remember(form.getAttribute("id"), true);
      skip(form, true);
    });
    if (skippedIds().indexOf(form.getAttribute("id")) >= 0) skip(form, false);
    form.addEventListener("change", function (event) {
      if (kind === "dots") countDots(form);
      else limitChoices(form);
      var star = event.target.closest(".star");
      var choice = form.querySelector(".star-choice");
      if (star && choice) choice.textContent = star.querySelector(".sr-only").textContent;
    });
    form.addEventListener("input", function () { if (kind === "dots") countDots(form); });
    if (kind === "dots") countDots(form);
    else limitChoices(form);
  });

  // -- live figures on the home page ----------

  function refresh() {
    if (document.hidden || !document.getElementById("points")) return;
    fetch("/p/me", { credentials: "same-origin" }).then(function (response) {
      met(response.headers.get("X-Zuil-Hub"));
      return response.ok ? response.json() : null;
    }).then(function (figures) {
      if (figures) showFigures(figures);
    }).catch(function () { /* the next refresh tries again */ });
  }

  window.addEventListener("online", function () { retryMs = 2000; checkHub(); flush(); });
  // another tab changed the outbox: an answer this page waits for may have been
  // delivered there, and then the page shows it as the hub has it
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    var held = load().map(function (a) { return a.id; });
    var settled = Array.prototype.some.call(
      document.querySelectorAll("form[data-pending]"),
      function (form) {
        var id = form.dataset.pending;
        return held.indexOf(id) < 0 && inFlight().indexOf(id) < 0;
      }
    );
    if (settled) location.reload();
    else { markPending(); flush(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { refresh(); checkHub(); flush(); }
  });
  if (document.getElementById("points")) setInterval(refresh, 15000);
  markPending();
  checkHub();
  flush();
})();
