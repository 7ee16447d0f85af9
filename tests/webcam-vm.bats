#!/usr/bin/env bats
# webcam = 1 against a real V4L2 device: Debian's kernel, in a qemu VM,
# with its virtual camera vivid (the development kernel has none). One boot
# runs a session with webcam = 1 and one with webcam = 0 (tests/vm/webcam-init);
# each test reads its case from the saved console.
load lib

setup_file() {
	vm_binary skype-wrap ''
	vm_binary skype-wrap-cam 's/webcam = 0;/webcam = 1;/'
	if ! grep -q 'webcam = 1;' "$BATS_FILE_TMPDIR/skype-wrap-cam.h"; then
		echo "tests/config.h changed: fix the sed in webcam-vm.bats" >&2
		return 1
	fi
	cc -static -O2 -Wall -Wextra -Werror -o "$BATS_FILE_TMPDIR/probe" "$TOP/tests/probe.c"
	boot_vm "$TOP/tests/vm/webcam-init" vivid "$BATS_FILE_TMPDIR/skype-wrap" \
		"$BATS_FILE_TMPDIR/skype-wrap-cam" "$BATS_FILE_TMPDIR/probe"
}

@test "the VM's kernel gives vivid's camera and its other nodes to the group video" {
	vm_case devices
	for node in video0 video1 video2 vbi0 media0 cec0; do
		grep -Eq "^crw-rw---- +1 root +video .* /dev/$node\$" <<<"$output"
	done
}

@test "webcam = 1: the sandboxed app captures a frame from the camera" {
	vm_case webcam-on
	grep -Eq '^frame of [1-9][0-9]* bytes$' <<<"$output"
	grep -q '^capture /dev/video0: ok$' <<<"$output"
	grep -q '^exit 0$' <<<"$output"
}

@test "webcam = 1: --check names the camera, and not vivid's video output" {
	vm_case webcam-on
	grep -Eq '^webcam +ok +the app alone gets group video for the cameras /dev/video0, none of its other devices$' <<<"$output"
}

@test "webcam = 1: the group reaches the app alone, not init or the xpra server" {
	vm_case webcam-on
	grep -q '^groups 2000 44$' <<<"$output"
	grep -Eq '^process camapp: Groups:\s+44 2000\s*$' <<<"$output"
	grep -Eq '^process skype-wrap-cam: Groups:\s+2000\s*$' <<<"$output"
	grep -Eq '^process sleep: Groups:\s+2000\s*$' <<<"$output"
}

@test "webcam = 1: the app's /dev has no other device of the group" {
	vm_case webcam-on
	for node in video1 video2 vbi0 media0 cec0; do
		grep -q "^read /dev/$node: No such file or directory\$" <<<"$output"
	done
}

@test "webcam = 0: the app gets no camera, though its user is listed in video" {
	vm_case webcam-off
	grep -Eq '^webcam +off +webcam is 0: ' <<<"$output"
	grep -q '^groups 2000$' <<<"$output"
	grep -Eq '^process camapp: Groups:\s+2000\s*$' <<<"$output"
	grep -q '^capture /dev/video0: No such file or directory$' <<<"$output"
	grep -q '^read /dev/video0: No such file or directory$' <<<"$output"
	grep -q '^exit 0$' <<<"$output"
}
