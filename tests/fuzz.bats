#!/usr/bin/env bats
# Fuzzes argv and environment handling with libFuzzer (ASan and UBSan on)
# for a bounded time: tests/fuzz.c.
load lib

@test "argv and environment handling survive 20 s of libFuzzer" {
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wl,--wrap=exit -DVERSION='"fuzz"' -DCONFIG_H="\"$TOP/tests/config.h\"" \
		-o "$T/fuzz" "$TOP/tests/fuzz.c" "$TOP/confine.c" "$TOP/xpra.c" "$TOP/links.c" "$TOP/share.c"
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	printf '\001--check' >"$BATS_TEST_TMPDIR/corpus/check"
	printf '\001--\000xclock\000-title\000x' >"$BATS_TEST_TMPDIR/corpus/command"
	printf '\000DISPLAY=:0\000LANG=C.UTF-8\000LC_ALL=$(x)\000XAUTHORITY=/a' >"$BATS_TEST_TMPDIR/corpus/env"
	cd "$BATS_TEST_TMPDIR"
	run "$T/fuzz" -max_total_time=20 -close_fd_mask=3 -detect_leaks=0 "$BATS_TEST_TMPDIR/corpus"
	echo "$output" | tail -5
	[ "$status" -eq 0 ]
	grep -q 'Done [0-9]* runs' <<<"$output"
}
