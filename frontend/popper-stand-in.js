// Stands in for @popperjs/core in the subset build. The one dropdown is in the navigation bar,
// where Bootstrap turns Popper's positioning off (data-bs-popper="static": the stylesheet
// places the menu), so Popper would compute a position nothing uses.
export function createPopper() {
  return { destroy() {}, update() {}, setOptions() {} };
}
