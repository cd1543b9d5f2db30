#!/usr/bin/env bash
# Install the pinned npm packages (package-lock.json) and copy what the pages serve into
# web/static/vendor: nothing is fetched from outside at run time. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/leaflet ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --silent
fi
vendor=web/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/leaflet" "$vendor/markercluster" "$vendor/topojson" "$vendor/world-atlas"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
      node_modules/leaflet/dist/images "$vendor/leaflet/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$vendor/markercluster/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/topojson/"
cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/LICENSE "$vendor/world-atlas/"
cp node_modules/leaflet/LICENSE "$vendor/leaflet/LICENSE"
