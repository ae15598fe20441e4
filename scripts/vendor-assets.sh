#!/usr/bin/env bash
# Browser assets, copied from the npm registry into webapp/static/vendor/ (served by the app itself: no CDN).
# Run after changing a version below; the copied files are committed, so neither `make demo` nor CI needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."

BPMN_JS=18.31.1  # diagrams drawn in the browser (bpmn.io viewer)
QUILL=2.0.3  # the rich-text editor of portal content (BSD-3-Clause)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bpmn-js@$BPMN_JS" >/dev/null && tar -xzf bpmn-js-*.tgz)
(mkdir "$work/quill" && cd "$work/quill" && npm pack --silent "quill@$QUILL" >/dev/null && tar -xzf quill-*.tgz)

target=webapp/static/vendor/bpmn-js
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/bpmn-navigated-viewer.production.min.js" "$work/package/LICENSE" "$target/"
cp -r "$work/package/dist/assets/bpmn-js.css" "$work/package/dist/assets/diagram-js.css" "$work/package/dist/assets/bpmn-font" "$target/"
echo "bpmn-js $BPMN_JS" > "$target/VERSION"

target=webapp/static/vendor/quill
rm -rf "$target"
mkdir -p "$target"
cp "$work/quill/package/dist/quill.js" "$work/quill/package/dist/quill.js.LICENSE.txt" "$work/quill/package/dist/quill.snow.css" "$work/quill/package/LICENSE" "$target/"
sed -i "s|//# sourceMappingURL=.*||; s|/\\*# sourceMappingURL=.*\\*/||" "$target/quill.js" "$target/quill.snow.css"
echo "quill $QUILL" > "$target/VERSION"
