#!/usr/bin/env bash
# Browser assets, copied from the npm registry into webapp/static/vendor/ (served by the app itself: no CDN).
# Run after changing a version below; the copied files are committed, so neither `make demo` nor CI needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."

BPMN_JS=18.31.1  # diagrams drawn in the browser (bpmn.io viewer)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bpmn-js@$BPMN_JS" >/dev/null && tar -xzf bpmn-js-*.tgz)

target=webapp/static/vendor/bpmn-js
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/bpmn-navigated-viewer.production.min.js" "$work/package/LICENSE" "$target/"
cp -r "$work/package/dist/assets/bpmn-js.css" "$work/package/dist/assets/diagram-js.css" "$work/package/dist/assets/bpmn-font" "$target/"
echo "bpmn-js $BPMN_JS" > "$target/VERSION"
