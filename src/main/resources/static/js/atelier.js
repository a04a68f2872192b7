// Atelier's only script: progressive enhancements. Every form also works without it.
(function () {
    "use strict";

    function meta(name) {
        var element = document.querySelector('meta[name="' + name + '"]');
        return element ? element.getAttribute("content") : null;
    }

    // htmx requests carry the CSRF token in a header, as Spring Security expects.
    document.addEventListener("htmx:configRequest", function (event) {
        var token = meta("csrf-token");
        var header = meta("csrf-header");
        if (token && header) {
            event.detail.headers[header] = token;
        }
        // The gallery's filters leave out what is empty or the default, so the address pushed to the history stays short.
        if (event.detail.elt && event.detail.elt.id === "gallery-filters") {
            var parameters = event.detail.parameters;
            Object.keys(parameters).forEach(function (name) {
                var value = parameters[name];
                if (value === "" || (name === "sort" && value === "newest")) {
                    delete parameters[name];
                }
            });
        }
    });

    // Forms with data-confirm ask before doing something that cannot be undone. This listens while the event goes
    // down to the form, so a refusal also stops htmx, which listens on the form itself.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        var question = form.getAttribute && form.getAttribute("data-confirm");
        if (question && !window.confirm(question)) {
            event.preventDefault();
            event.stopPropagation();
        }
    }, true);

    // Buttons with data-copy copy the value of the element they point at.
    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-copy]");
        if (!button) {
            return;
        }
        var source = document.querySelector(button.getAttribute("data-copy"));
        if (!source) {
            return;
        }
        // A field is selected and copied; any other element (a prompt shown as text) copies its text.
        var field = typeof source.select === "function";
        var text = field ? source.value : source.textContent;
        if (field) {
            source.select();
        }
        var label = button.getAttribute("data-copy-label") || button.textContent;
        button.setAttribute("data-copy-label", label);
        var done = function () {
            button.textContent = "Copied";
            setTimeout(function () { button.textContent = label; }, 2000);
        };
        var fallback = function () {
            if (field) {
                document.execCommand("copy");
                done();
            }
        };
        if (navigator.clipboard) {
            navigator.clipboard.writeText(text).then(done, fallback);
        } else {
            fallback();
        }
    });

    // A typed confirmation enables its button only once it matches exactly.
    function syncConfirmation(input) {
        var button = document.querySelector(input.getAttribute("data-enables"));
        if (button) {
            button.disabled = input.value.trim() !== input.getAttribute("data-must-equal");
        }
    }
    document.addEventListener("input", function (event) {
        if (event.target.matches && event.target.matches("[data-must-equal]")) {
            syncConfirmation(event.target);
        }
    });
    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-must-equal]").forEach(syncConfirmation);
    });

    // The generate page: a live character counter, Ctrl/Cmd+Enter to submit, the "emulated" marks of the web
    // provider, and live progress of unfinished generations through Server-Sent Events.
    function countCodePoints(text) {
        return Array.from(text.trim()).length;
    }

    function updateCounter(field) {
        var count = document.getElementById(field.getAttribute("data-counter"));
        if (!count) {
            return;
        }
        var length = countCodePoints(field.value);
        count.textContent = String(length);
        var counter = count.closest(".counter");
        if (counter) {
            counter.classList.toggle("counter-over", length > Number(field.getAttribute("data-max")));
        }
    }

    function markEmulation(form) {
        var web = form.querySelector('input[name="provider"][value="gemini-web"]');
        form.classList.toggle("is-emulated", !!(web && web.checked));
    }

    document.addEventListener("input", function (event) {
        if (event.target.matches && event.target.matches("[data-counter]")) {
            updateCounter(event.target);
        }
    });

    document.addEventListener("change", function (event) {
        if (event.target.name === "provider" && event.target.form) {
            markEmulation(event.target.form);
        }
    });

    document.addEventListener("keydown", function (event) {
        var field = event.target;
        if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || !field.matches || !field.matches("[data-submit-shortcut]")) {
            return;
        }
        event.preventDefault();
        var form = field.form;
        if (!form || field.disabled) {
            return;
        }
        if (form.requestSubmit) {
            form.requestSubmit();
        } else {
            form.submit();
        }
    });

    var STATUS_LABELS = { queued: "Queued", running: "Generating", succeeded: "Done", failed: "Failed", cancelled: "Cancelled" };
    var TERMINAL = { succeeded: true, failed: true, cancelled: true };

    // Written like JobCard.elapsed on the server: whole seconds while a job runs.
    function formatElapsed(millis) {
        var seconds = Math.max(0, Math.floor(millis / 1000));
        if (seconds < 60) {
            return seconds + " s";
        }
        var rest = seconds % 60;
        return Math.floor(seconds / 60) + " min " + (rest < 10 ? "0" : "") + rest + " s";
    }

    function announce(text) {
        var region = document.getElementById("job-updates");
        if (region) {
            region.textContent = text;
        }
    }

    // Unfinished generations on the page, keyed by id: each has a ticking timer and, once a slot is free, a stream.
    // Browsers open at most six HTTP/1.1 connections to a host, so a few streams must leave room for everything else.
    var MAX_STREAMS = 3;
    var watched = {};
    var waiting = [];

    function openStreams() {
        return Object.keys(watched).filter(function (id) { return watched[id].source; }).length;
    }

    function stopWatching(id) {
        var watch = watched[id];
        if (!watch) {
            return;
        }
        if (watch.source) {
            watch.source.close();
        }
        clearInterval(watch.timer);
        delete watched[id];
        waiting = waiting.filter(function (other) { return other !== id; });
        while (waiting.length > 0 && openStreams() < MAX_STREAMS) {
            var next = waiting.shift();
            if (watched[next]) {
                listen(next);
            }
        }
    }

    // Asks the server for the finished card (thumbnails, error) and swaps it in; the answer also refreshes the quota.
    // The card is the request's source: htmx keeps one request per source, and body would drop cards finishing together.
    function replaceCard(card) {
        var url = card.getAttribute("data-job-url");
        if (window.htmx) {
            window.htmx.ajax("GET", url, { source: card, target: card, swap: "outerHTML" });
            return;
        }
        fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (!html || !card.isConnected) {
                    return;
                }
                var template = document.createElement("template");
                template.innerHTML = html;
                var fresh = template.content.querySelector(".job");
                if (fresh) {
                    card.replaceWith(fresh);
                }
            });
    }

    // The server sends the current state at once, then every change; the last event is terminal.
    function listen(id) {
        var watch = watched[id];
        var card = watch.card;
        var status = card.querySelector("[data-job-status]");
        watch.source = new EventSource(card.getAttribute("data-job-events"));
        watch.source.addEventListener("status", function (event) {
            if (!card.isConnected) {
                stopWatching(id);
                return;
            }
            var job = JSON.parse(event.data);
            watch.base = job.elapsedMs;
            watch.since = Date.now();
            watch.elapsed.textContent = formatElapsed(watch.base);
            if (job.status !== card.getAttribute("data-status")) {
                card.setAttribute("data-status", job.status);
                status.textContent = STATUS_LABELS[job.status] || job.status;
                status.className = status.className.replace(/\bjob-status-\w+/, "job-status-" + job.status);
                var prompt = card.querySelector(".job-prompt");
                announce((STATUS_LABELS[job.status] || job.status) + ": " + (prompt ? prompt.textContent.trim().slice(0, 80) : ""));
            }
            if (TERMINAL[job.status]) {
                stopWatching(id);
                replaceCard(card);
            }
        });
        watch.source.addEventListener("error", function () {
            // EventSource reconnects by itself; it gives up only on an answer that is no event stream (signed out, gone).
            if (watch.source.readyState === EventSource.CLOSED) {
                stopWatching(id);
            }
        });
    }

    function watchJob(card) {
        var id = card.getAttribute("data-job-id");
        if (watched[id] && watched[id].card === card) {
            return;
        }
        stopWatching(id);
        if (!window.EventSource) {
            return;
        }
        var elapsed = card.querySelector("[data-job-elapsed]");
        var watch = { card: card, elapsed: elapsed, base: Number(elapsed.getAttribute("data-elapsed-ms")) || 0, since: Date.now() };
        watch.timer = setInterval(function () {
            if (!card.isConnected) {
                stopWatching(id);
                return;
            }
            elapsed.textContent = formatElapsed(watch.base + Date.now() - watch.since);
        }, 1000);
        watched[id] = watch;
        if (openStreams() < MAX_STREAMS) {
            listen(id);
        } else {
            waiting.push(id);
        }
    }

    // A cancel answers with the finished card and its note. The card's stream would learn of the cancel at the same
    // moment and fetch the card again without the note, so the stream stops first and resumes only if the cancel fails.
    function cancellingCard(event) {
        var form = event.detail && event.detail.elt;
        if (!form || !form.matches || !form.matches("form[action$='/cancel']")) {
            return null;
        }
        return form.closest(".job[data-job-id]");
    }

    document.addEventListener("htmx:beforeRequest", function (event) {
        var card = cancellingCard(event);
        if (card) {
            stopWatching(card.getAttribute("data-job-id"));
        }
    });

    document.addEventListener("htmx:afterRequest", function (event) {
        var card = cancellingCard(event);
        if (card && !event.detail.successful && card.isConnected && card.hasAttribute("data-job-events")) {
            watchJob(card);
        }
    });

    // The gallery: a selection mode (a checkbox on every tile, a live count, select all, download or delete what is
    // ticked) and, on an image's page, the arrow keys and Escape to step through the list. Without JavaScript the
    // same links and forms lead to pages that do the same.
    function galleryPage() {
        return document.querySelector("[data-gallery]");
    }

    function selectionBoxes(form) {
        return Array.prototype.filter.call(form.elements, function (element) {
            return element.name === "ids" && element.type === "checkbox";
        });
    }

    function updateSelection() {
        var form = document.getElementById("selection");
        if (!form) {
            return;
        }
        var count = selectionBoxes(form).filter(function (box) { return box.checked; }).length;
        var label = form.querySelector("[data-selection-count]");
        if (label) {
            label.textContent = count === 0 ? "Tick the images you want." : count + (count === 1 ? " image selected" : " images selected");
        }
        form.querySelectorAll("[data-needs-selection]").forEach(function (button) {
            button.disabled = count === 0;
        });
        document.querySelectorAll(".tile").forEach(function (tile) {
            var box = tile.querySelector("input[name=ids]");
            tile.classList.toggle("is-selected", !!(box && box.checked));
        });
    }

    function setSelecting(on) {
        var page = galleryPage();
        if (!page) {
            return;
        }
        page.classList.toggle("selecting", on);
        if (!on) {
            var form = document.getElementById("selection");
            if (form) {
                selectionBoxes(form).forEach(function (box) { box.checked = false; });
            }
        }
        updateSelection();
    }

    document.addEventListener("click", function (event) {
        var page = galleryPage();
        if (!page || !event.target.closest) {
            return;
        }
        if (event.target.closest("[data-select-toggle]")) {
            event.preventDefault();
            setSelecting(!page.classList.contains("selecting"));
            return;
        }
        if (event.target.closest("[data-select-all]")) {
            event.preventDefault();
            var form = document.getElementById("selection");
            if (form) {
                selectionBoxes(form).forEach(function (box) { box.checked = true; });
            }
            updateSelection();
            return;
        }
        // While selecting, a click on a picture ticks it rather than opening it.
        var link = event.target.closest(".tile-link");
        if (link && page.classList.contains("selecting") && !(event.ctrlKey || event.metaKey || event.shiftKey)) {
            var box = link.closest(".tile").querySelector("input[name=ids]");
            if (box) {
                event.preventDefault();
                box.checked = !box.checked;
                updateSelection();
            }
        }
    });

    document.addEventListener("change", function (event) {
        if (event.target.name === "ids" && event.target.type === "checkbox") {
            updateSelection();
        }
    });

    // "Delete selected" names how many images go, and says it was asked, so the server deletes without asking again.
    document.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (!button || !button.hasAttribute("data-confirm-selection")) {
            return;
        }
        var count = selectionBoxes(event.target).filter(function (box) { return box.checked; }).length;
        var question = "Delete " + (count === 1 ? "1 image" : count + " images") + "? This cannot be undone.";
        if (!window.confirm(question)) {
            event.preventDefault();
            return;
        }
        var confirmed = event.target.querySelector("[data-confirmed]");
        if (confirmed) {
            confirmed.value = "true";
        }
    });

    function isTyping(element) {
        return element && element.closest && element.closest("input, textarea, select, [contenteditable]") !== null;
    }

    document.addEventListener("keydown", function (event) {
        var detail = document.querySelector("[data-gallery-nav]");
        if (!detail || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) {
            return;
        }
        var role = { ArrowLeft: "previous", ArrowRight: "next", Escape: "back" }[event.key];
        var link = role && detail.querySelector('a[data-nav="' + role + '"]');
        if (link) {
            event.preventDefault();
            window.location.assign(link.href);
        }
    });

    function enhance(root) {
        if (!root.querySelectorAll) {
            return;
        }
        root.querySelectorAll("[data-counter]").forEach(updateCounter);
        root.querySelectorAll(".generate-form").forEach(markEmulation);
        if (galleryPage()) {
            setSelecting(galleryPage().classList.contains("selecting"));
        }
        var cards = Array.prototype.slice.call(root.querySelectorAll(".job[data-job-id]"));
        if (root.matches && root.matches(".job[data-job-id]")) {
            cards.push(root);
        }
        cards.forEach(function (card) {
            if (card.hasAttribute("data-job-events")) {
                watchJob(card);
            } else {
                stopWatching(card.getAttribute("data-job-id"));
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        enhance(document);
        // On a narrow screen the main navigation is one row that scrolls sideways: bring the current page's link into it.
        var current = document.querySelector(".main-nav a[aria-current=page]");
        var row = current && current.closest("ul");
        if (row && row.scrollWidth > row.clientWidth) {
            row.scrollLeft += current.getBoundingClientRect().left - row.getBoundingClientRect().left - (row.clientWidth - current.offsetWidth) / 2;
        }
    });
    // htmx announces every piece of HTML it swaps in (a new card, a finished card, the form after a submit).
    document.addEventListener("htmx:load", function (event) {
        enhance(event.target);
        // A refused submit comes back as a new form: the first field it marks gets the focus, as after a page load.
        if (event.target.matches && event.target.matches(".generate-form")) {
            var invalid = event.target.querySelector("[aria-invalid=true]");
            if (invalid) {
                invalid.focus();
            }
        }
    });
})();
