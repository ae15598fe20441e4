#!/usr/bin/env bash
# The design system (GOV.UK Frontend, MIT) compiled from the npm registry with our settings
# (scripts/design-system.scss) into webapp/static/vendor/govuk-frontend/. Run after changing a version or a setting;
# the compiled files are committed, so neither `make demo` nor CI needs node.
set -euo pipefail
cd "$(dirname "$0")/.."

GOVUK_FRONTEND=5.9.0
SASS=1.108.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-save --no-audit --no-fund "govuk-frontend@$GOVUK_FRONTEND" "sass@$SASS" >/dev/null)

target=webapp/static/vendor/govuk-frontend
rm -rf "$target"
mkdir -p "$target"
"$work/node_modules/.bin/sass" --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
  --load-path="$work/node_modules" scripts/design-system.scss "$target/govuk-frontend.min.css"
cp "$work/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$target/"
sed -i "s|//# sourceMappingURL=.*||" "$target/govuk-frontend.min.js"
cat > "$target/LICENSE" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
echo "govuk-frontend $GOVUK_FRONTEND, compiled by sass $SASS from scripts/design-system.scss" > "$target/VERSION"
