/// The whole stylesheet, hand-written and embedded: no build step, nothing fetched at run time.
/// Status is never colour alone: every badge carries an icon and a word (see `StatusBadge`).
enum Stylesheet {
    static let text = #"""
:root { --fg: #1f1f1f; --muted: #5e5e5e; --bg: #fff; --line: #dcdcde; --soft: #f5f5f7; --link: #1f62b8;
  --ok: #108548; --bad: #c91c00; --run: #1f75cb; --warn: #ab6100; --off: #737278; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:focus, button:focus, input:focus, select:focus { outline: 2px solid var(--run); outline-offset: 1px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 10; }
header.top { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #28272d; color: #fff; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; }
header.top nav ul { display: flex; gap: 12px; list-style: none; margin: 0; padding: 0; }
header.top .who { margin-left: auto; display: flex; gap: 12px; align-items: center; }
header.top form { margin: 0; }
header.top button { background: none; border: 1px solid #aaa; color: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
nav.crumbs { padding: 8px 16px; border-bottom: 1px solid var(--line); color: var(--muted); font-size: 14px; }
nav.crumbs ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
nav.crumbs li + li::before { content: "/"; margin-right: 6px; color: var(--off); }
main { padding: 16px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.status { display: inline-flex; align-items: center; gap: 4px; border: 1px solid currentColor; border-radius: 12px;
  padding: 0 8px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.status .icon { font-size: 12px; }
.status-success { color: var(--ok); } .status-failed { color: var(--bad); } .status-running, .status-pending { color: var(--run); }
.status-success-with-warnings, .status-manual, .status-scheduled, .status-waiting-for-resource { color: var(--warn); }
.status-canceled, .status-skipped, .status-created { color: var(--off); }
.flash { padding: 8px 12px; border: 1px solid var(--line); background: var(--soft); margin-bottom: 12px; }
.flash.error { border-color: var(--bad); }
form.inline { display: inline; margin: 0; }
button, .button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px;
  background: var(--soft); color: var(--fg); cursor: pointer; text-decoration: none; }
button.primary { background: var(--run); color: #fff; border-color: var(--run); }
label { display: block; font-weight: 600; margin: 10px 0 4px; }
input[type=text], input[type=password], select { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; min-width: 260px; }
.signin { max-width: 360px; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin: 12px 0; padding: 0; list-style: none; }
.tabs a { display: block; padding: 6px 12px; text-decoration: none; border-bottom: 2px solid transparent; }
.tabs a[aria-current=page] { border-bottom-color: var(--run); font-weight: 600; }
.graph { position: relative; display: flex; gap: 48px; overflow-x: auto; padding: 8px 4px 16px; }
.graph svg.edges { position: absolute; left: 0; top: 0; pointer-events: none; overflow: visible; }
.graph svg.edges path { fill: none; stroke: #a4a3a8; stroke-width: 1.5; }
.stage { min-width: 220px; }
.stage h3 { font-size: 14px; text-transform: capitalize; margin: 0 0 8px; }
.stage ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.job { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; background: var(--bg); position: relative; }
.job .name { font-weight: 600; word-break: break-word; }
.job .meta { font-size: 12px; color: var(--muted); display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.group-block { margin-bottom: 24px; }
.pager { display: flex; gap: 8px; margin-top: 12px; }
.filters { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; margin-bottom: 12px; }
.filters label { margin: 0 0 2px; font-size: 13px; }
.filters input[type=text], .filters select { min-width: 160px; }
.clone input { min-width: 420px; }
pre.failure { white-space: pre-wrap; background: var(--soft); padding: 6px; max-height: 240px; overflow: auto; }
"""#
}
