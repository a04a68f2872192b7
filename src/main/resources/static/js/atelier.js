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
    });

    // Forms with data-confirm ask before doing something that cannot be undone.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        var question = form.getAttribute && form.getAttribute("data-confirm");
        if (question && !window.confirm(question)) {
            event.preventDefault();
        }
    });

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
        source.select();
        var done = function () {
            button.textContent = "Copied";
            setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        if (navigator.clipboard) {
            navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
            document.execCommand("copy");
            done();
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

    function enhance(root) {
        if (!root.querySelectorAll) {
            return;
        }
        root.querySelectorAll("[data-counter]").forEach(updateCounter);
        root.querySelectorAll(".generate-form").forEach(markEmulation);
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
