#!/usr/bin/env bats
# Who may start a session, and the sanity checks that refuse one.
load lib

@test "refuses a caller outside the sandbox group with 77" {
	SW_USER=$OTHER run sw -- xclock
	[ "$status" -eq 77 ]
	[ "$output" = "skype-wrap: $OTHER is not in group $BOX (ask root: usermod -aG $BOX $OTHER, then log in again)" ]
	refute pgrep -a -u "$BOX"
}

@test "--check passes every check that is on and shows quota as off" {
	run sw --check
	echo "$output"
	[ "$status" -eq 0 ]
	grep -Eq '^user +ok ' <<<"$output"
	grep -Eq '^home +ok ' <<<"$output"
	grep -Eq '^quota +off ' <<<"$output"
	grep -Eq '^firewall +ok +3 iptables' <<<"$output" ||
		grep -Eq '^firewall +ok +2 iptables and 1 ip6tables' <<<"$output"
	grep -Eq '^memory +ok ' <<<"$output"
	grep -Eq '^display +ok ' <<<"$output"
}

# Runs sw with the xpra module's version file replaced by one saying $1.
sw_with_xpra() { # VERSION ARGS...
	printf '__version__ = "%s"\n' "$1" >"$BATS_TEST_TMPDIR/init.py"
	shift
	unshare -m -- sh -c 'mount --bind "$1" /usr/lib/python3/dist-packages/xpra/__init__.py &&
		shift && exec unshare -n -- "$@"' sh "$BATS_TEST_TMPDIR/init.py" "$TOP/tests/caller-session" \
		"$T/skype-wrap" "$@"
}

@test "--check and a session refuse an xpra outside the supported versions, in one line, with 78" {
	run sw_with_xpra 5.0.1 --check
	[ "$status" -eq 78 ]
	grep -qx 'xpra      FAIL  version 5.0.1 is not supported (supported: 3.1 (Debian 12) and 6.5 (xpra.org))' <<<"$output"
	run sw_with_xpra 5.0.1 -- xclock
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: xpra: version 5.0.1 is not supported (supported: 3.1 (Debian 12) and 6.5 (xpra.org))" ]
	refute pgrep -a -u "$BOX"
	run sw --check
	grep -Eqx 'xpra +ok +/usr/bin/xpra 3\.1\.[0-9]+' <<<"$output"
}

@test "refuses to start without the firewall rules, with 78" {
	SW_RULES=none run sw -- xclock
	[ "$status" -eq 78 ]
	grep -q "^skype-wrap: firewall: /usr/sbin/iptables has no rule '-A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner $(id -u "$BOX") -j REJECT" <<<"$output"
	refute pgrep -a -u "$BOX"
	SW_RULES=ipv4 run sw --check
	[ "$status" -eq 78 ]
	grep -Eq '^firewall +FAIL +/usr/sbin/ip6tables has no rule' <<<"$output"
}

@test "refuses a sandbox user that does not exist, with 78" {
	build_variant nouser 's/"swbox"/"swnobody"/'
	SW_BIN=$T/nouser run sw -- xclock
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: user: no user swnobody (create it with skype-wrap --setup)" ]
}

@test "refuses a sandbox user with uid 0, with 78" {
	build_variant rootuser 's/"swbox"/"swroot"/'
	echo "swroot:x:0:$(getent group "$BOX" | cut -d: -f3)::/home/$BOX:/usr/sbin/nologin" >>/etc/passwd
	SW_BIN=$T/rootuser run sw -- xclock
	sed -i '/^swroot:/d' /etc/passwd
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: user: swroot has uid 0; the sandbox user must not be root" ]
}

@test "refuses a home the group could list, with 78" {
	chmod 0750 "/home/$BOX"
	run sw -- xclock
	chmod 0710 "/home/$BOX"
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: home: /home/$BOX has mode 0750, not 0710 (chmod 0710 /home/$BOX)" ]
}

@test "refuses on this kernel's missing disk quota, with 78" {
	build_variant quota 's/quota_kib = 0/quota_kib = 1048576/'
	SW_BIN=$T/quota run sw -- xclock
	[ "$status" -eq 78 ]
	grep -q '^skype-wrap: quota: disk quota is not enabled on / ' <<<"$output"
	SW_BIN=$T/quota run sw --check
	[ "$status" -eq 78 ]
	grep -Eq '^quota +FAIL +disk quota is not enabled' <<<"$output"
}

@test "refuses a DISPLAY that is not a plain display name, with 78" {
	SW_ENV='DISPLAY=:0;touch${IFS}/tmp/pwned' run sw -- xclock
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: display: DISPLAY is not a plain X display name" ]
}

@test "rejects bad usage with 64" {
	for args in "--bogus" "--" "--check -- xclock" "extra"; do
		# shellcheck disable=SC2086
		run sw $args
		[ "$status" -eq 64 ]
		grep -q '^usage: skype-wrap' <<<"$output"
	done
	run sw --version
	[ "$status" -eq 0 ]
	[[ "$output" == "skype-wrap "* ]]
}

@test "refuses to run when not installed setuid root" {
	install -m 0755 "$T/skype-wrap" "$T/plain"
	SW_BIN=$T/plain run sw --check
	[ "$status" -eq 78 ]
	grep -q 'not setuid root' <<<"$output"
}
