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
})();
