// Second step of `make css`: of the Sass subset, keep only the rules whose classes appear in the
// templates, the app's scripts or its Python (flash categories, form widgets' classes).
module.exports = {
  content: [
    "../intranet/templates/**/*.html",
    "../intranet/static/*.js",
    "../intranet/**/*.py",
  ],
  safelist: {
    // Added by Bootstrap's JavaScript (collapse, dropdown, alert), never written in a template.
    standard: ["show", "collapsing", "collapse-horizontal", "fade", "active", "disabled", "dropstart", "dropend", "dropup"],
    // Built in templates from a variable: text-bg-{{ colour }}, btn-{{ style }}, alert-{{ category }}.
    deep: [/^text-bg-/, /^btn-/, /^alert-/],
    // The menu's placement set by the dropdown plugin (data-bs-popper="static" in the navbar).
    greedy: [/data-bs-popper/],
  },
  // Keep every custom property: they are Bootstrap's theme (--bs-*), read by app.css too.
  variables: false,
  keyframes: true,
};
