// The part of Bootstrap's JavaScript the templates use (make css → intranet/static/vendor/):
// the navigation bar's menu button (collapse), the user's menu (dropdown) and the flash
// messages' close button (alert), each started by its data-bs-* attributes.
import Alert from "bootstrap/js/src/alert.js";
import Collapse from "bootstrap/js/src/collapse.js";
import Dropdown from "bootstrap/js/src/dropdown.js";

export { Alert, Collapse, Dropdown };
