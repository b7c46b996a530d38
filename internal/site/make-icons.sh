#!/bin/sh
# Renders the site's icons from static/favicon.svg (rounded, for browser
# tabs) and static/icon.svg (full bleed, for home screens, which round or
# mask it themselves; the letter stays inside the maskable safe zone).
# Needs librsvg2-bin, icoutils and optipng (Debian). Run once after
# changing an SVG and commit the results.
set -eu
cd "$(dirname "$0")/static"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48; do
	rsvg-convert -w $size -h $size favicon.svg -o "$tmp/favicon-$size.png"
done
icotool -c -o favicon.ico "$tmp/favicon-16.png" "$tmp/favicon-32.png" "$tmp/favicon-48.png"
rsvg-convert -w 180 -h 180 icon.svg -o apple-touch-icon.png
rsvg-convert -w 192 -h 192 icon.svg -o icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o icon-512.png
optipng -quiet -o7 -strip all apple-touch-icon.png icon-192.png icon-512.png
