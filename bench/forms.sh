#!/usr/bin/env bash
# bench/forms.sh - the time to render each printed form (issue 11): the
# median of many renders through pdf_render(), the function the server's
# PDF routes call (app/documents.c), driven by build/form_bench, beside
# LibreOffice headless converting an equivalent document (an HTML page of
# the same text and layout, written by form_bench) in the same run: the
# median wall time of `soffice --headless --convert-to pdf` per form, one
# process per conversion as a converter service would run it, after a
# warm-up that creates its profile.  Prints a table with the ratios.
# Not a test.
#
#   bench/forms.sh [RUNS [LO_RUNS]]   (default 50 renders, 5 conversions;
#                                       needs build/form_bench: ninja -C build)
#
# LibreOffice is installed with apt-get (libreoffice-writer-nogui) when
# soffice is missing; that needs root and Debian's package mirror.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRIVER="${MAMORI_FORM_BENCH:-$ROOT/build/form_bench}"
RUNS="${1:-50}"
LO_RUNS="${2:-5}"

[[ -x "$DRIVER" ]] || { echo "forms.sh: $DRIVER missing (ninja -C build)" >&2; exit 1; }
if ! command -v soffice >/dev/null; then
	echo "forms.sh: installing libreoffice-writer-nogui" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends libreoffice-writer-nogui >/dev/null
fi

DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
"$DRIVER" html "$DIR"
LO=(soffice "-env:UserInstallation=file://$DIR/profile" --headless
    "--infilter=HTML (StarWriter)" --convert-to pdf:writer_pdf_Export
    --outdir "$DIR/out")
# The warm-up: the first start creates the profile.
"${LO[@]}" "$DIR/form1.html" >/dev/null 2>&1

# lo_median FORM: the median seconds of LO_RUNS conversions of FORM.
lo_median() {
	local t0 t1
	for ((i = 0; i < LO_RUNS; i++)); do
		t0=$(date +%s.%N)
		"${LO[@]}" "$DIR/$1.html" >/dev/null 2>&1
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
	done | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

printf '%-9s %12s %12s %14s %9s\n' form "mamori ms" "PDF bytes" "LibreOffice ms" ratio
"$DRIVER" time "$RUNS" | while read -r form ms bytes; do
	lo=$(lo_median "$form")
	[[ -s "$DIR/out/$form.pdf" ]] || { echo "forms.sh: LibreOffice made no $form.pdf" >&2; exit 1; }
	awk -v f="$form" -v m="$ms" -v b="$bytes" -v l="$lo" 'BEGIN {
		printf "%-9s %12.1f %12d %14.1f %8.0fx\n", f, m, b, l * 1000, l * 1000 / m }'
done
echo "(mamori: median of $RUNS renders after 3 warm ones, one process;" \
	"LibreOffice: median of $LO_RUNS conversions, a process each)"
