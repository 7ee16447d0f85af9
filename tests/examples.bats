# examples/ and the man page: each ready config header builds and sets what
# config.h sets, its firewall rules come back from iptables as written, and
# the firewall files refuse the sandbox uid what config.h's rules refuse.
# No user and no display is made: rules load in network namespaces of their
# own (unshare -n), for uid 999, the one the files name, and 998 stands for
# everyone else.
load lib

setup() {
	cd "$TOP" || return
}

# The names of the settings a config header defines, one a line, sorted.
settings_of() {
	sed -n 's/^static const [^=(]*[ *]\([a-z_0-9]*\)\(\[\]\)* = .*/\1/p' "$1" | sort
}

# Prints the firewall rules of a config header, given by absolute path (4:
# firewall_rules, 6: firewall6_rules), %u made the uid, as skype-wrap does.
rules_of() { # header 4|6 uid
	cat >"$BATS_TEST_TMPDIR/rules.c" <<'C'
#include <stdio.h>
#include <string.h>
struct ports {
	unsigned short first, last;
};
#include CONFIG_H
int main(int argc, char *argv[])
{
	const char **rule = argc == 3 && argv[1][0] == '6' ? firewall6_rules : firewall_rules;

	for (; *rule; rule++) {
		const char *u = strstr(*rule, "%u");

		if (u)
			printf("%.*s%s%s\n", (int)(u - *rule), *rule, argv[2], u + 2);
		else
			puts(*rule);
	}
	return 0;
}
C
	cc -w -DCONFIG_H="\"$1\"" -o "$BATS_TEST_TMPDIR/rules" "$BATS_TEST_TMPDIR/rules.c"
	"$BATS_TEST_TMPDIR/rules" "$2" "$3"
}

# In a network namespace of its own, with 10.1.2.3, 172.16.1.2, 192.168.1.2,
# fd00::1 (private) and 203.0.113.7, 2001:db8::1 (standing for the internet)
# on lo and a TCP listener on each: runs the shell snippet that loads the
# firewall, then says for uid 999 and 998 whether each address connects.
reachability() { # snippet
	unshare -n bash -s "$1" <<'SH'
set -e
ip link set lo up
for a in 10.1.2.3 172.16.1.2 192.168.1.2 203.0.113.7; do ip addr add "$a/32" dev lo; done
for a in fd00::1 2001:db8::1; do ip addr add "$a/128" dev lo nodad; done
coproc LISTEN {
	exec /usr/bin/python3 -c '
import socket, time
held = []
for a in ("10.1.2.3", "172.16.1.2", "192.168.1.2", "203.0.113.7", "fd00::1", "2001:db8::1"):
    s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET)
    s.bind((a, 5555))
    s.listen()
    held.append(s)
print("listening", flush=True)
time.sleep(60)'
}
read -r _ <&"${LISTEN[0]}"
eval "$1"
for a in 10.1.2.3 172.16.1.2 192.168.1.2 fd00::1 203.0.113.7 2001:db8::1; do
	for u in 999 998; do
		if timeout 5 setpriv --reuid="$u" --regid="$u" --clear-groups \
			bash -c "exec 3<>/dev/tcp/$a/5555" 2>/dev/null; then
			echo "$u $a connects"
		else
			echo "$u $a refused"
		fi
	done
done
kill "$LISTEN_PID"
SH
}

# What config.h's rules make of those addresses.
refused_as_config_h() {
	cat <<'OUT'
999 10.1.2.3 refused
998 10.1.2.3 connects
999 172.16.1.2 refused
998 172.16.1.2 connects
999 192.168.1.2 refused
998 192.168.1.2 connects
999 fd00::1 refused
998 fd00::1 connects
999 203.0.113.7 connects
998 203.0.113.7 connects
999 2001:db8::1 connects
998 2001:db8::1 connects
OUT
}

@test "each example header builds with warnings as errors" {
	for h in examples/*.h; do
		rm -f "$BATS_TEST_TMPDIR/x"
		make -s -C "$TOP" CONFIG="$TOP/$h" BIN="$BATS_TEST_TMPDIR/x" >&2 ||
			{ echo "$h does not build" >&2; return 1; }
		[ -x "$BATS_TEST_TMPDIR/x" ]
	done
}

@test "each example header sets every setting of config.h and no other" {
	settings_of config.h >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -gt 20 ]
	for h in examples/*.h; do
		settings_of "$h" | diff -u "$BATS_TEST_TMPDIR/want" - >&2 ||
			{ echo "$h does not set what config.h sets" >&2; return 1; }
	done
}

@test "each example's firewall rules come back from iptables -S as written" {
	cd "$BATS_TEST_TMPDIR"
	for h in "$TOP"/examples/*.h; do
		rules_of "$h" 4 999 >want4
		rules_of "$h" 6 999 >want6
		# Word by word, as skype-wrap --setup passes them to iptables.
		unshare -n bash -c 'set -e
			while IFS= read -r rule; do iptables $rule; done <want4
			while IFS= read -r rule; do ip6tables $rule; done <want6
			iptables -S OUTPUT | sed "/^-P /d" >got4
			ip6tables -S OUTPUT | sed "/^-P /d" >got6'
		diff -u want4 got4 >&2 && diff -u want6 got6 >&2 ||
			{ echo "$h has rules that iptables prints otherwise" >&2; return 1; }
	done
}

@test "the iptables-restore files hold config.h's rules, for the uid put in" {
	cd "$BATS_TEST_TMPDIR"
	rules_of "$TOP/config.h" 4 4242 >want4
	rules_of "$TOP/config.h" 6 4242 >want6
	# 999 is where the uid goes, in every rule; the files' own command puts it in.
	[ "$(grep -c -- '^-A .*--uid-owner 999 ' "$TOP/examples/firewall.rules")" -eq "$(wc -l <want4)" ]
	[ "$(grep -c -- '^-A .*--uid-owner 999 ' "$TOP/examples/firewall6.rules")" -eq "$(wc -l <want6)" ]
	TOP=$TOP unshare -n bash -c 'set -e
		sed "s/--uid-owner 999 /--uid-owner 4242 /" "$TOP/examples/firewall.rules" |
			iptables-restore --noflush
		sed "s/--uid-owner 999 /--uid-owner 4242 /" "$TOP/examples/firewall6.rules" |
			ip6tables-restore --noflush
		iptables -S OUTPUT | sed "/^-P /d" >got4
		ip6tables -S OUTPUT | sed "/^-P /d" >got6'
	diff -u want4 got4
	diff -u want6 got6
}

@test "the iptables-restore files refuse the sandbox uid the private networks and no one else" {
	run reachability "iptables-restore $TOP/examples/firewall.rules
		ip6tables-restore $TOP/examples/firewall6.rules"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(refused_as_config_h)" ]
}

@test "config.h's own rules, added as skype-wrap --setup adds them, refuse the same" {
	rules_of "$TOP/config.h" 4 999 >"$BATS_TEST_TMPDIR/rules4"
	rules_of "$TOP/config.h" 6 999 >"$BATS_TEST_TMPDIR/rules6"
	run reachability "while IFS= read -r rule; do iptables \$rule; done <$BATS_TEST_TMPDIR/rules4
		while IFS= read -r rule; do ip6tables \$rule; done <$BATS_TEST_TMPDIR/rules6"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(refused_as_config_h)" ]
}

@test "the nftables file refuses the same, and loading it twice changes nothing" {
	command -v nft >/dev/null || skip "nft is not installed (apt-get install nftables)"
	nft -c -f examples/skype-wrap.nft
	run reachability "nft -f $TOP/examples/skype-wrap.nft
		nft -f $TOP/examples/skype-wrap.nft
		[ \$(nft list table inet skype-wrap | grep -c 'meta skuid 999') -eq 4 ]"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(refused_as_config_h)" ]
}

@test "the man page renders without a warning" {
	if command -v mandoc >/dev/null; then
		mandoc -Tlint -W warning skype-wrap.1
	else
		command -v groff >/dev/null || skip "neither mandoc nor groff is installed"
		run groff -mandoc -ww -z -Tutf8 skype-wrap.1
		[ "$status" -eq 0 ] && [ -z "$output" ]
	fi
}
