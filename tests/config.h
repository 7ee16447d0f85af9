/* skype-wrap settings for the test suite: a sandbox user and display range of
 * its own, xclock as the app, the quota check off (this kernel has no quota
 * format; tests/quota.bats builds a variant with it on). */
static const char *sandbox_user = "swbox";
static const char *app[] = { "/usr/bin/xclock", NULL };
static const unsigned displaynum = 200;
static const unsigned long long quota_kib = 0;
static const unsigned long long mem_bytes = 1ULL << 30;
static const unsigned long long xpra_mem_bytes = 3ULL << 30;
static const char *firewall_rules[] = {
	"-A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 192.168.0.0/16 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	NULL
};
static const char *firewall6_rules[] = {
	"-A OUTPUT -d fc00::/7 -m owner --uid-owner %u -j REJECT --reject-with icmp6-port-unreachable",
	NULL
};
static const unsigned ready_timeout_ms = 30000;
static const unsigned grace_ms = 300;
static const int clipboard = 0;
static const char *xpra_path = "/usr/bin/xpra";
static const char *iptables_path = "/usr/sbin/iptables";
static const char *ip6tables_path = "/usr/sbin/ip6tables";
static const int audio = 0;
static const char *pactl_path = "/usr/bin/pactl";
static const char *pax11publish_path = "/usr/bin/pax11publish";
