// Starts Swagger UI on /api/v1/docs (no inline script: the CSP allows our own files only).
// Requests sent from the page with the browser's session carry the CSRF token of the page;
// those given a Bearer token through "Authorize" need none.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : null;
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    withCredentials: true,
    requestInterceptor: function (req) {
      if (csrf && !req.headers.Authorization) {
        req.headers["X-CSRFToken"] = csrf;
      }
      return req;
    },
  });
});
