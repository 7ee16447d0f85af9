#!/usr/bin/env bats
# The quota check of `skype-wrap --check` against real quota-enabled ext4, in
# a qemu VM: the development kernel has no quota format. One boot runs every
# case (tests/vm/init); each test reads its case from the saved console.
load lib

setup_file() {
	# A 10 MiB limit, and setquota for the guest.
	vm_binary skype-wrap 's/quota_kib = 0;/quota_kib = 10240;/'
	if ! grep -q 'quota_kib = 10240;' "$BATS_FILE_TMPDIR/skype-wrap.h"; then
		echo "tests/config.h changed: fix the sed in quota-vm.bats" >&2
		return 1
	fi
	cc -static -O2 -Wall -Wextra -Werror -o "$BATS_FILE_TMPDIR/setquota" "$TOP/tests/vm/setquota.c"
	boot_vm "$TOP/tests/vm/init" "ext4 quota_v2 virtio_pci virtio_blk" \
		"$BATS_FILE_TMPDIR/skype-wrap" "$BATS_FILE_TMPDIR/setquota"
}

# Puts the guest's output for case NAME in $output, and checks that no row
# but quota fails, so that the exit status is the quota's.
case_output() { # NAME
	vm_case "$1"
	grep -Eq '^user +ok ' <<<"$output"
	grep -Eq '^home +ok ' <<<"$output"
	grep -Eq '^firewall +off ' <<<"$output"
	grep -Eq '^display +ok ' <<<"$output"
	refute grep -E '^[a-z]+ +FAIL ' < <(grep -v '^quota ' <<<"$output")
}

@test "passes a quota block limit at quota_kib" {
	case_output enforced
	grep -Eq '^quota +ok +vmbox limited to 10240 KiB on /home$' <<<"$output"
	grep -q '^exit 0$' <<<"$output"
}

@test "passes a quota block limit under quota_kib" {
	case_output under
	grep -Eq '^quota +ok +vmbox limited to 5120 KiB on /home$' <<<"$output"
	grep -q '^exit 0$' <<<"$output"
}

@test "refuses a sandbox user without a block limit, though the caller has one" {
	case_output nolimit
	grep -Eq '^quota +FAIL +vmbox has no block limit on /home \(setquota -u vmbox 0 10240 0 0 /home\)$' <<<"$output"
	grep -q '^exit 78$' <<<"$output"
}

@test "refuses a block limit above quota_kib, naming both numbers" {
	case_output over
	grep -Eq '^quota +FAIL +vmbox may use 20480 KiB on /home, more than quota_kib 10240 KiB$' <<<"$output"
	grep -q '^exit 78$' <<<"$output"
}

@test "refuses a home on a filesystem without quota" {
	case_output noquota
	grep -Eq '^quota +FAIL +disk quota is not enabled on /home \(/dev/vdb\): ' <<<"$output"
	grep -q '^exit 78$' <<<"$output"
}

@test "finds the quota device of a home reached through a bind mount" {
	case_output bind
	grep -Eq '^quota +ok +vmbox limited to 8192 KiB on /home$' <<<"$output"
}

@test "finds the quota device of a home deep in a filesystem" {
	case_output subdir
	grep -Eq '^quota +ok +vmbox limited to 4096 KiB on /srv$' <<<"$output"
}

@test "finds the quota device of a home on the root filesystem" {
	case_output rootfs
	grep -Eq '^quota +ok +vmbox limited to 2048 KiB on /$' <<<"$output"
}

@test "the kernel enforces the quota limit that --check passes" {
	case_output enforced
	grep -q 'user enforcement on' <<<"$output"
	grep -q "^fill: dd: error writing '/home/vmbox/fill': Disk quota exceeded$" <<<"$output"
}

@test "refuses a quota that is accounted but not enforced" {
	case_output accounted
	grep -q 'user enforcement off' <<<"$output"
	grep -q '^fill: vmbox wrote 12 MiB$' <<<"$output"
	grep -Eq '^quota +FAIL +.*not enforced' <<<"$output"
}

@test "finds the quota device of a root filesystem that mountinfo shows as /dev/root" {
	case_output devroot
	grep -Eq '^quota +ok +vmbox limited to 10240 KiB on /home$' <<<"$output"
}
