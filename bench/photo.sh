#!/usr/bin/env bash
# bench/photo.sh - processing one 12-megapixel staff photo (issue 10,
# R-PHOTO-4) through the very function the server's photo handlers call
# (app/image.c image_process: decode from memory, blur, strip, re-read for
# metadata), driven by build/photo_bench, side by side with ImageMagick
# `convert` doing the same blur (shrink the longer side to 256, gaussian
# sigma 6.656, back to full size) and strip, in the same run.  Prints the
# wall time and peak memory (/usr/bin/time -v) of both and the ratio.
# Not a test.
#
#   bench/photo.sh [RUNS]     (default 3; needs build/photo_bench and
#                              /usr/bin/convert: apt-get install imagemagick)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRIVER="${MAMORI_PHOTO_BENCH:-$ROOT/build/photo_bench}"
RUNS="${1:-3}"
# /usr/local/bin/convert may be a stand-in: the real one explicitly.
CONVERT=/usr/bin/convert

for cmd in "$DRIVER" "$CONVERT" /usr/bin/time; do
	[[ -x "$cmd" ]] || { echo "photo.sh: $cmd missing" >&2; exit 1; }
done

DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
"$DRIVER" make "$DIR/in.jpg" 4000 3000

# measure NAME CMD... : best wall seconds and the largest max RSS (KiB)
measure() {
	local name="$1" best="" rss=0 t m
	shift
	for ((i = 0; i < RUNS; i++)); do
		/usr/bin/time -v -o "$DIR/time.txt" "$@" >/dev/null
		t=$(awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, p, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + p[i]
			print s }' "$DIR/time.txt")
		m=$(awk -F': ' '/Maximum resident set size/ {print $2}' \
			"$DIR/time.txt")
		if [[ -z "$best" ]] || awk "BEGIN{exit !($t < $best)}"; then
			best=$t
		fi
		((m > rss)) && rss=$m
	done
	printf '%-12s %8.2f s %10d KiB\n' "$name" "$best" "$rss"
	eval "${name//-/_}_t=$best ${name//-/_}_m=$rss"
}

echo "12-megapixel JPEG ($(stat -c %s "$DIR/in.jpg") bytes), best of $RUNS"
printf '%-12s %10s %14s\n' "" "wall" "peak RSS"
measure mamori "$DRIVER" blur "$DIR/in.jpg" "$DIR/mamori.jpg" 5
measure convert "$CONVERT" "$DIR/in.jpg" -resize 256x256 \
	-gaussian-blur 0x6.656 -resize '4000x3000!' -strip -quality 85 \
	"$DIR/convert.jpg"
awk -v a="$mamori_t" -v b="$convert_t" -v c="$mamori_m" -v d="$convert_m" \
	'BEGIN { printf "ratio mamori/convert: time %.2f, memory %.2f\n",
		 a / b, c / d }'
