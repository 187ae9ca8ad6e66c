/* A Dash callback answered 503 (the database is away for a moment, api/unavailable.py): show the
   server's Dutch notice at the top of the page (above the header, never over it) until a callback succeeds again. Dash itself shows
   a failed callback only in its developer tools. */
(function () {
    var original = window.fetch;
    var notice = null;

    function show(message) {
        if (!notice) {
            notice = document.createElement("div");
            notice.className = "unavailable-notice";
            notice.setAttribute("role", "alert");
            document.body.insertBefore(notice, document.body.firstChild);
        }
        notice.textContent = message;
        notice.hidden = false;
    }

    window.fetch = function (input, init) {
        var url = typeof input === "string" ? input : (input && input.url) || "";
        var answer = original.apply(this, arguments);
        if (url.indexOf("_dash-update-component") === -1) { return answer; }
        return answer.then(function (response) {
            if (response.status === 503) {
                response.clone().json().then(function (body) {
                    show(body.message || "De database is even niet bereikbaar, probeer het over enkele seconden opnieuw.");
                }).catch(function () {});
            } else if (response.ok && notice) {
                notice.hidden = true;
            }
            return response;
        });
    };
}());
