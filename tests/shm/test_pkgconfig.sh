#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# libptpdk-shm as a consumer gets it: install the build into a temporary DESTDIR, compile
# a small program with `pkg-config --cflags --libs ptpdk-shm` that includes
# <ptpdk_shm_client.h> and opens a region that does not exist, and run it.
# usage: test_pkgconfig.sh MESON BUILD_DIR "CC..." B_SANITIZE [PKG_CONFIG]
# Exit 77 (skipped) without pkg-config.
set -eu

meson=$1
build=$2
cc=$3
sanitize=$4
pkgconfig=${5:-}

if [ -z "$pkgconfig" ] || ! command -v "$pkgconfig" >/dev/null 2>&1; then
	echo "pkg-config not found: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptpdk-pkgconfig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/dest

# --no-rebuild: meson test has built everything; a ninja run from inside a test would
# race the other tests for the build directory.
$meson install -C "$build" --destdir "$dest" --no-rebuild --quiet

pc=$(find "$dest" -name ptpdk-shm.pc | head -n 1)
if [ -z "$pc" ]; then
	echo "FAIL: no ptpdk-shm.pc installed under $dest"
	exit 1
fi
# Only the installed file: PKG_CONFIG_LIBDIR replaces the default search path, so a
# copy in /usr/local cannot answer instead.
PKG_CONFIG_LIBDIR=$(dirname "$pc")
export PKG_CONFIG_LIBDIR
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR 2>/dev/null || true
prefix=$("$pkgconfig" --variable=prefix ptpdk-shm)
# The .pc names the real prefix (/usr/local); point it into DESTDIR. (Works with
# freedesktop pkg-config and with pkgconf, Debian 12's pkg-config.)
pc_args="--define-variable=prefix=$dest$prefix"
cflags=$("$pkgconfig" "$pc_args" --cflags ptpdk-shm)
libs=$("$pkgconfig" "$pc_args" --libs ptpdk-shm)
libdir=$("$pkgconfig" "$pc_args" --variable=libdir ptpdk-shm)
echo "pkg-config: $pc"
echo "  --cflags: $cflags"
echo "  --libs:   $libs"
case "$cflags $libs" in
*"$dest"*) ;;
*)
	echo "FAIL: the flags do not point into DESTDIR"
	exit 1
	;;
esac
for f in ptpdk_shm_client.h ptpdk_shm_layout.h; do
	if ! find "$dest" -name "$f" | grep -q .; then
		echo "FAIL: $f not installed"
		exit 1
	fi
done

cat >"$tmp/consumer.c" <<'CEOF'
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ptpdk_shm_client.h>

int main(void)
{
	struct ptpdk_shm_client *c = NULL;
	char err[256];
	int rc = ptpdk_shm_open("/nonexistent-ptpdk-dir/ptpdk-shm-x", &c, err, sizeof(err));

	printf("ptpdk_shm_open: %d (%s): %s\n", rc, ptpdk_shm_strerror(rc), err);
	if (rc != -ENOENT || c != NULL || strstr(err, "ptpdk-shm-x") == NULL)
		return 1;
	/* The ABI 2 readers are exported (a hidden symbol fails the link) and refuse
	 * a missing client. */
	struct ptpdk_shm_clock_record clock;
	struct ptpdk_shm_port_record port;
	struct ptpdk_shm_time t;

	if (ptpdk_shm_clock_snapshot(NULL, 0, &clock) != -EINVAL ||
	    ptpdk_shm_port_snapshot(NULL, 0, &port) != -EINVAL ||
	    ptpdk_shm_now(NULL, 0, &t) != -EINVAL)
		return 1;
	/* The layout header comes along. */
	return sizeof(struct ptpdk_shm_clock_record) == 256 &&
			       sizeof(struct ptpdk_shm_port_record) == 256 &&
			       PTPDK_SHM_ABI_VERSION == 2
		       ? 0
		       : 1;
}
CEOF

# A sanitized build's library needs the sanitizer runtime in the program too.
san=
if [ -n "$sanitize" ] && [ "$sanitize" != none ]; then
	san="-fsanitize=$sanitize"
fi
# shellcheck disable=SC2086 # CC, the flags and the sanitizer option are word lists
$cc -std=c11 -Wall -Wextra -Werror $san -o "$tmp/consumer" "$tmp/consumer.c" $cflags $libs
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$tmp/consumer"
echo "ok: built and ran a consumer against the installed libptpdk-shm"
